-- Issue 13: budget and indicator fields a controller computes with (programme column plus a JSON
-- meta column for kind, printed cell, unit, all years, parsed values), the printed title of an owner,
-- and the explicit "no owner named" outcome per document/programme.
ALTER TABLE register_budgets ADD COLUMN programme TEXT;
ALTER TABLE register_budgets ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
ALTER TABLE register_indicators ADD COLUMN programme TEXT;
ALTER TABLE register_indicators ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
ALTER TABLE register_owners ADD COLUMN meta TEXT NOT NULL DEFAULT '{}';
CREATE TABLE register_owner_outcomes (
    doc_id     TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    programme  TEXT,
    status     TEXT NOT NULL,
    reason     TEXT NOT NULL,
    page       INTEGER
);
CREATE INDEX register_owner_outcomes_doc ON register_owner_outcomes(doc_id, seq);
