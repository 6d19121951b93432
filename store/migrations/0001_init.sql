-- 0001_init: sources, their document versions and the sub-processor rows
-- extracted from each version. Times are RFC 3339 UTC text. Empty strings are
-- stored as NULL and list values as JSON arrays ('[]' when empty).

CREATE TABLE sources (
	id         INTEGER PRIMARY KEY,
	path       TEXT NOT NULL UNIQUE, -- file path or URL as the corpus gave it
	first_seen TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- One row per stored version of a source. A new version is written only when
-- the content hash changes; old versions are never overwritten.
CREATE TABLE documents (
	id                  INTEGER PRIMARY KEY,
	source_id           INTEGER NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
	version             INTEGER NOT NULL CHECK (version >= 1),
	sha256              TEXT,    -- NULL when the bytes could not be read
	format              TEXT,
	size                INTEGER NOT NULL DEFAULT 0,
	mod_time            TEXT,
	encoding            TEXT,
	language            TEXT,    -- ISO 639-1
	language_confidence REAL NOT NULL DEFAULT 0,
	publisher           TEXT,
	status              TEXT NOT NULL CHECK (status IN ('ok', 'no_list', 'failed', 'unsupported')),
	stage               TEXT,    -- stage that failed: read, decode, detect, extract, normalise
	error               TEXT,    -- reason for failed documents
	row_count           INTEGER NOT NULL DEFAULT 0,
	ingested_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
	UNIQUE (source_id, version)
);

CREATE INDEX documents_sha256 ON documents (sha256);
CREATE INDEX documents_status ON documents (status);

-- Normalised values and the raw text they came from, side by side, with the
-- row's position in its document.
CREATE TABLE subprocessors (
	id                  INTEGER PRIMARY KEY,
	document_id         INTEGER NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
	ord                 INTEGER NOT NULL CHECK (ord >= 1), -- 1-based row order in the document
	name                TEXT NOT NULL CHECK (name <> ''),
	aliases             TEXT NOT NULL DEFAULT '[]' CHECK (json_type(aliases) = 'array'),
	reg_no              TEXT,
	reg_no_valid        INTEGER CHECK (reg_no_valid IN (0, 1)), -- NULL: no validator
	address             TEXT,
	country             TEXT NOT NULL DEFAULT '[]' CHECK (json_type(country) = 'array'),
	purpose             TEXT,
	legal_basis         TEXT NOT NULL DEFAULT '[]' CHECK (json_type(legal_basis) = 'array'),
	location            TEXT NOT NULL DEFAULT '[]' CHECK (json_type(location) = 'array'),
	data_categories     TEXT,
	raw_name            TEXT,
	raw_reg_no          TEXT,
	raw_address         TEXT,
	raw_country         TEXT,
	raw_purpose         TEXT,
	raw_legal_basis     TEXT,
	raw_location        TEXT,
	raw_data_categories TEXT,
	raw_notes           TEXT NOT NULL DEFAULT '[]' CHECK (json_type(raw_notes) = 'array'),
	page                INTEGER, -- 1-based, NULL for documents without pages
	line_start          INTEGER NOT NULL DEFAULT 0,
	line_end            INTEGER NOT NULL DEFAULT 0,
	layout              TEXT,
	UNIQUE (document_id, ord)
);

CREATE INDEX subprocessors_name ON subprocessors (name COLLATE NOCASE);

-- The list columns again, one code per row, so filtering by country,
-- location or legal basis is an indexed query.
CREATE TABLE subprocessor_countries (
	subprocessor_id INTEGER NOT NULL REFERENCES subprocessors (id) ON DELETE CASCADE,
	code            TEXT NOT NULL,
	PRIMARY KEY (subprocessor_id, code)
) WITHOUT ROWID;
CREATE INDEX subprocessor_countries_code ON subprocessor_countries (code);

CREATE TABLE subprocessor_locations (
	subprocessor_id INTEGER NOT NULL REFERENCES subprocessors (id) ON DELETE CASCADE,
	code            TEXT NOT NULL,
	PRIMARY KEY (subprocessor_id, code)
) WITHOUT ROWID;
CREATE INDEX subprocessor_locations_code ON subprocessor_locations (code);

CREATE TABLE subprocessor_legal_bases (
	subprocessor_id INTEGER NOT NULL REFERENCES subprocessors (id) ON DELETE CASCADE,
	basis           TEXT NOT NULL,
	PRIMARY KEY (subprocessor_id, basis)
) WITHOUT ROWID;
CREATE INDEX subprocessor_legal_bases_basis ON subprocessor_legal_bases (basis);

-- The newest version of every source.
CREATE VIEW latest_documents AS
SELECT s.path, d.*
FROM documents d
JOIN sources s ON s.id = d.source_id
WHERE d.version = (SELECT max(version) FROM documents WHERE source_id = d.source_id);

-- The rows of the newest version of every source.
CREATE VIEW latest_subprocessors AS
SELECT ld.path, ld.source_id, ld.version, ld.sha256, ld.language, ld.publisher, sp.*
FROM subprocessors sp
JOIN latest_documents ld ON ld.id = sp.document_id;
