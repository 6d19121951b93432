-- 0005_fetches: the evidence of every HTTP fetch of a source given as a URL,
-- kept with the document version it produced (a new version, or a failed
-- one) or confirmed (a 304 Not Modified, or the same bytes again: nothing
-- else is written then). The newest fetch of a version that is its source's
-- latest gives the ETag and Last-Modified of the next, conditional, request.
-- A vendor named in a sources file is stored as documents.publisher when the
-- document names no publisher itself; it needs no column of its own.

CREATE TABLE fetches (
	id            INTEGER PRIMARY KEY,
	document_id   INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	url           TEXT NOT NULL,    -- as requested: the source's path
	final_url     TEXT,             -- after redirects; NULL when no response came
	redirects     TEXT NOT NULL DEFAULT '[]' CHECK (json_type(redirects) = 'array'), -- [{"url": ..., "status": 301}, ...]
	fetched_at    TEXT NOT NULL,    -- when the request was sent
	elapsed_ms    INTEGER NOT NULL DEFAULT 0,
	status        INTEGER NOT NULL DEFAULT 0, -- HTTP status of the final response; 0 when none came
	conditional   INTEGER NOT NULL DEFAULT 0 CHECK (conditional IN (0, 1)), -- sent If-None-Match / If-Modified-Since
	content_type  TEXT,
	etag          TEXT,
	last_modified TEXT,             -- the header as sent, an HTTP date
	sha256        TEXT,             -- of the body; NULL for a 304 and when no body was read
	size          INTEGER NOT NULL DEFAULT 0, -- bytes of the body read
	error         TEXT              -- why the fetch failed; NULL when it did not
);

CREATE INDEX fetches_document ON fetches (document_id);
CREATE INDEX fetches_url ON fetches (url);

-- The newest fetch of every source fetched from a URL.
CREATE VIEW latest_fetches AS
SELECT s.path, d.source_id, d.version, f.*
FROM fetches f
JOIN documents d ON d.id = f.document_id
JOIN sources s ON s.id = d.source_id
WHERE f.id = (SELECT max(f2.id) FROM fetches f2 JOIN documents d2 ON d2.id = f2.document_id
	WHERE d2.source_id = d.source_id);
