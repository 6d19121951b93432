-- 0003_search: a full-text index over the sub-processor rows, for
-- `subproc search` and `export QUERY`.
--
-- FTS4, not FTS5: github.com/mattn/go-sqlite3 compiles FTS3/FTS4 in by
-- default but FTS5 only with the build tag sqlite_fts5, and a plain
-- `go build` must give a working binary. FTS4 has no bm25(); store.Search
-- ranks with BM25 computed in Go from matchinfo(subprocessors_fts, 'pcnalx').
--
-- One index row per sub-processor row, docid = subprocessors.id. The aliases
-- are indexed as words (the JSON array joined with spaces). unicode61 folds
-- case and, with remove_diacritics=2, accents of every script: "malmo"
-- finds "Malmö" and "munchen" finds "München". The triggers keep the index
-- in step with the table inside the writing transaction, so store.Save needs
-- no change; the INSERT at the end indexes the rows stored before this
-- migration.

CREATE VIRTUAL TABLE subprocessors_fts USING fts4(
	name, aliases, reg_no, purpose, address, data_categories,
	tokenize=unicode61 "remove_diacritics=2"
);

CREATE TRIGGER subprocessors_fts_insert AFTER INSERT ON subprocessors BEGIN
	INSERT INTO subprocessors_fts (docid, name, aliases, reg_no, purpose, address, data_categories)
	VALUES (new.id, new.name, (SELECT group_concat(value, ' ') FROM json_each(new.aliases)),
		new.reg_no, new.purpose, new.address, new.data_categories);
END;

CREATE TRIGGER subprocessors_fts_delete AFTER DELETE ON subprocessors BEGIN
	DELETE FROM subprocessors_fts WHERE docid = old.id;
END;

CREATE TRIGGER subprocessors_fts_update AFTER UPDATE ON subprocessors BEGIN
	DELETE FROM subprocessors_fts WHERE docid = old.id;
	INSERT INTO subprocessors_fts (docid, name, aliases, reg_no, purpose, address, data_categories)
	VALUES (new.id, new.name, (SELECT group_concat(value, ' ') FROM json_each(new.aliases)),
		new.reg_no, new.purpose, new.address, new.data_categories);
END;

INSERT INTO subprocessors_fts (docid, name, aliases, reg_no, purpose, address, data_categories)
SELECT id, name, (SELECT group_concat(value, ' ') FROM json_each(sp.aliases)),
	reg_no, purpose, address, data_categories
FROM subprocessors sp;
