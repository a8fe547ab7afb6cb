"""The LangChain BaseRetriever adapter."""
from __future__ import annotations

from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever

from query.langchain_retriever import BeleidRetriever


def test_adapter_returns_documents_with_metadata(small):
    lc = BeleidRetriever(retriever=small[2], k=2)
    assert isinstance(lc, BaseRetriever)
    docs = lc.invoke("warmtevoorziening aardgas per wijk")
    assert 1 <= len(docs) <= 2 and all(isinstance(d, Document) for d in docs)
    top = docs[0]
    assert "aardgas" in top.page_content
    assert top.metadata["doc_id"] == "2019-programmacontract-duurzaamheid"
    assert top.metadata["page"] == 2 and top.metadata["title"] == "Programmacontract Duurzaamheid"
    assert {"page_end", "section", "chunk_id", "score"} <= set(top.metadata)


def test_adapter_passes_filters(small):
    lc = BeleidRetriever(retriever=small[2], k=5, filters={"kind": "evaluatie"})
    docs = lc.invoke("zorg")
    assert docs and {d.metadata["doc_id"] for d in docs} == {"2018-verwey-jonker-transformatie-sociaal-domein"}
