-- 0002_entities: sub-processor entities across documents. The rows of the
-- newest version of every source are grouped into entities, one per company as
-- far as the documents show it, each link between two rows with its evidence.
-- The three tables are derived data: ingest deletes and recomputes them in one
-- transaction at the end of every run (store.DB.ResolveEntities), so entity
-- ids are renumbered each time; join on subprocessor ids or on entities.key
-- to follow an entity from one run to the next. Rows of older versions belong
-- to no entity.

CREATE TABLE entities (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL, -- canonical display name: the most frequent name of its rows, ties to the longest
	key  TEXT NOT NULL  -- normalize.EntityKey of name: folded, legal forms stripped ('' when nothing is left)
);
CREATE INDEX entities_key ON entities (key);

-- Every row of a newest version belongs to exactly one entity.
CREATE TABLE entity_members (
	entity_id       INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
	subprocessor_id INTEGER PRIMARY KEY REFERENCES subprocessors (id) ON DELETE CASCADE
);
CREATE INDEX entity_members_entity ON entity_members (entity_id);

-- Why two rows are one entity. kind: 'reg_no' (the same registration number,
-- letters and digits), 'name' (the same EntityKey), 'alias' (an alias of one
-- row is the name or an alias of the other). evidence says which values
-- matched, as the rows write them.
CREATE TABLE entity_links (
	id                   INTEGER PRIMARY KEY,
	entity_id            INTEGER NOT NULL REFERENCES entities (id) ON DELETE CASCADE,
	from_subprocessor_id INTEGER NOT NULL REFERENCES subprocessors (id) ON DELETE CASCADE,
	to_subprocessor_id   INTEGER NOT NULL REFERENCES subprocessors (id) ON DELETE CASCADE,
	kind                 TEXT NOT NULL CHECK (kind IN ('reg_no', 'name', 'alias')),
	evidence             TEXT NOT NULL,
	CHECK (from_subprocessor_id <> to_subprocessor_id)
);
CREATE INDEX entity_links_entity ON entity_links (entity_id);
CREATE INDEX entity_links_from ON entity_links (from_subprocessor_id);
CREATE INDEX entity_links_to ON entity_links (to_subprocessor_id);

-- The rows of the newest versions with their entity and document.
CREATE VIEW subprocessor_entities AS
SELECT e.id AS entity_id, e.name AS entity_name, e.key AS entity_key,
	src.path, d.source_id, d.version, d.language, d.publisher, sp.*
FROM entity_members m
JOIN entities e ON e.id = m.entity_id
JOIN subprocessors sp ON sp.id = m.subprocessor_id
JOIN documents d ON d.id = sp.document_id
JOIN sources src ON src.id = d.source_id;
