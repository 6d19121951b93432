-- 0004_notices: the notice a document version promises before a new
-- sub-processor is used ("med mindst 30 dages varsel", "at least 30 days'
-- notice"), found in the version's text when it is stored (Entry.Notice, by
-- audit.Set.FindNotice) because the text itself is not kept. The audit rule
-- change-within-notice compares it with the dates of consecutive versions.
-- One row per version whose text was read; days is NULL when the text states
-- no notice period. A version without a row was stored before this
-- migration, or its text could not be read: its notice period is unknown.

CREATE TABLE document_notices (
	document_id INTEGER PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
	days        INTEGER CHECK (days > 0), -- NULL: the text states no notice period
	line        INTEGER,                  -- 1-based line of the statement in the version's text
	phrase      TEXT                      -- the words that state it, as written
);
