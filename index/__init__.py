"""Indexes derived from the store: dense vectors (FAISS or Chroma) and BM25.

Both are caches of the store's chunks: :func:`index.sync.sync_indexes` brings
them up to date incrementally, :func:`index.sync.rebuild_indexes` from scratch.
"""
