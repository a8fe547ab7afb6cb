-- Recommendations and findings extracted from evaluations and the letters
-- that summarise them (stage "recommendations").
CREATE TABLE recommendations (
    id       TEXT PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    page     INTEGER NOT NULL,
    section  TEXT NOT NULL DEFAULT '',
    year     INTEGER,
    author   TEXT,
    topic    TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    same_as  TEXT REFERENCES recommendations(id) ON DELETE SET NULL
);
CREATE INDEX recommendations_doc ON recommendations(doc_id, seq);

CREATE TABLE findings (
    id       TEXT PRIMARY KEY,
    doc_id   TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq      INTEGER NOT NULL,
    page     INTEGER NOT NULL,
    section  TEXT NOT NULL DEFAULT '',
    year     INTEGER,
    author   TEXT,
    topic    TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL
);
CREATE INDEX findings_doc ON findings(doc_id, seq);
