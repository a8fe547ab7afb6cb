-- MinHash signatures of each document's word trigrams, so that finding a
-- near-duplicate of a new document compares compact signatures instead of
-- re-reading every stored document's pages.
CREATE TABLE document_signatures (
    doc_id    TEXT PRIMARY KEY REFERENCES documents(doc_id) ON DELETE CASCADE,
    minhash   BLOB NOT NULL,
    shingles  INTEGER NOT NULL
);
