-- Documents, pages, blocks, tables and chunks of ingested PDFs.
CREATE TABLE documents (
    doc_id        TEXT PRIMARY KEY,
    path          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL,
    date          TEXT,
    author        TEXT,
    programme     TEXT,
    pages         INTEGER NOT NULL,
    ocr_pages     INTEGER NOT NULL DEFAULT 0,
    duplicate_of  TEXT,
    meta          TEXT NOT NULL DEFAULT '{}',
    ingested_at   TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX documents_sha ON documents(sha256);

CREATE TABLE pages (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    number   INTEGER NOT NULL,
    text     TEXT NOT NULL,
    width    REAL NOT NULL,
    height   REAL NOT NULL,
    ocr      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (doc_id, number)
);

CREATE TABLE blocks (
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    page           INTEGER NOT NULL,
    ord            INTEGER NOT NULL,
    kind           TEXT NOT NULL,
    text           TEXT NOT NULL,
    bbox           TEXT NOT NULL,
    font_size      REAL NOT NULL,
    bold           INTEGER NOT NULL,
    heading_level  INTEGER NOT NULL,
    section        TEXT NOT NULL,
    PRIMARY KEY (doc_id, page, ord)
);

CREATE TABLE tables (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    page     INTEGER NOT NULL,
    idx      INTEGER NOT NULL,
    bbox     TEXT NOT NULL,
    header   TEXT NOT NULL,
    rows     TEXT NOT NULL,
    section  TEXT NOT NULL,
    unit     TEXT,
    PRIMARY KEY (doc_id, page, idx)
);

CREATE TABLE chunks (
    chunk_id    TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    page_end    INTEGER NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    char_start  INTEGER NOT NULL,
    char_end    INTEGER NOT NULL,
    bbox        TEXT,
    text_hash   TEXT NOT NULL
);
CREATE INDEX chunks_doc ON chunks(doc_id, seq);

-- Derived per-document stages (register, recommendations, ...) that ran,
-- so an interrupted ingest re-runs only what is missing.
CREATE TABLE document_stages (
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    stage    TEXT NOT NULL,
    version  INTEGER NOT NULL,
    done_at  TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (doc_id, stage)
);
