-- User corrections of a document's metadata (title, kind, date, author, programme).
-- Keyed by doc_id without a foreign key on purpose: re-ingesting a changed file
-- rewrites the documents row, and the corrections must survive that. They are
-- removed when the document itself is deleted.
CREATE TABLE document_overrides (
    doc_id   TEXT NOT NULL,
    field    TEXT NOT NULL,
    value    TEXT,
    set_at   TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (doc_id, field)
);
