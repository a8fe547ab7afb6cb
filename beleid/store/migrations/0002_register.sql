-- The goal register: goals, indicators, budgets and owners per document (register stage).
CREATE TABLE register_goals (
    id              TEXT PRIMARY KEY,
    doc_id          TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    page            INTEGER NOT NULL,
    level           TEXT NOT NULL,
    parent          TEXT,
    text            TEXT NOT NULL,
    deadline        TEXT,
    target          TEXT,
    smart           TEXT NOT NULL,
    reasons         TEXT NOT NULL,
    evaluation      INTEGER NOT NULL,
    evaluation_reason TEXT NOT NULL DEFAULT '',
    indicator_ids   TEXT NOT NULL DEFAULT '[]',
    budget_ids      TEXT NOT NULL DEFAULT '[]',
    owner_ids       TEXT NOT NULL DEFAULT '[]',
    programme       TEXT,
    section         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX register_goals_doc ON register_goals(doc_id, seq);

CREATE TABLE register_indicators (
    id             TEXT PRIMARY KEY,
    doc_id         TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq            INTEGER NOT NULL,
    page           INTEGER NOT NULL,
    name           TEXT NOT NULL,
    goal_id        TEXT,
    baseline       TEXT,
    baseline_year  TEXT,
    targets        TEXT NOT NULL DEFAULT '{}',
    source         TEXT,
    evidence       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX register_indicators_doc ON register_indicators(doc_id, seq);

CREATE TABLE register_budgets (
    id          TEXT PRIMARY KEY,
    doc_id      TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq         INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    item        TEXT NOT NULL,
    amount_eur  REAL NOT NULL,
    year        TEXT,
    goal_id     TEXT,
    is_total    INTEGER NOT NULL DEFAULT 0,
    evidence    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX register_budgets_doc ON register_budgets(doc_id, seq);

CREATE TABLE register_owners (
    id         TEXT PRIMARY KEY,
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    page       INTEGER NOT NULL,
    role       TEXT NOT NULL,
    name       TEXT NOT NULL,
    programme  TEXT,
    evidence   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX register_owners_doc ON register_owners(doc_id, seq);
