"""A LangChain ``BaseRetriever`` over Beleidsgeheugen's hybrid retriever.

Example::

    from beleid.config import load_settings
    from beleid.store import Store
    from query.retrieval import Retriever
    from query.langchain_retriever import BeleidRetriever

    settings = load_settings(".beleid")
    lc = BeleidRetriever(retriever=Retriever(settings, Store(settings.db_path)), k=5,
                         filters={"kind": "programmacontract"})
    docs = lc.invoke("Welke doelen had het programma Duurzaamheid voor 2022?")
    docs[0].metadata  # {"doc_id": ..., "page": ..., "title": ..., "score": ...}
"""
from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field


class BeleidRetriever(BaseRetriever):
    """Returns one LangChain ``Document`` per hit: ``page_content`` is the chunk
    text, ``metadata`` has doc_id, title, page, page_end, section, chunk_id,
    score and sources."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5
    mode: str = "hybrid"
    filters: dict[str, Any] = Field(default_factory=dict)

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun
                                ) -> list[Document]:
        hits = self.retriever.search(query, k=self.k, mode=self.mode, **self.filters)
        return [
            Document(
                page_content=h.chunk.text,
                metadata={"doc_id": h.chunk.doc_id, "title": h.title, "page": h.chunk.page,
                          "page_end": h.chunk.page_end, "section": h.chunk.section_path,
                          "chunk_id": h.chunk.chunk_id, "score": float(h.score),
                          "sources": list(h.sources)},
            )
            for h in hits
        ]
