-- The consultation picker (FindConsultations) without reading the whole table:
-- an index in the picker's order (open first, then by deadline), and a trigram
-- index on search_key so that a word typed anywhere in a reference, an object or a
-- buyer's name finds its few rows at once. docs/perf-catalog.md has the measures.
-- A consultation without a deadline sorts last among its status (and counts as
-- open until its status changes), the same on both databases.
CREATE INDEX consultations_picker ON consultations (
	(CASE status WHEN 'open' THEN 0 WHEN 'closed' THEN 1 WHEN 'awarded' THEN 2 ELSE 3 END),
	(COALESCE(deadline, 9223372036854775807)), id);

CREATE VIRTUAL TABLE consultations_trigram USING fts5(
	search_key, content='consultations', content_rowid='id', tokenize='trigram', detail='none');
INSERT INTO consultations_trigram (consultations_trigram) VALUES ('rebuild');

CREATE TRIGGER consultations_trigram_insert AFTER INSERT ON consultations BEGIN
	INSERT INTO consultations_trigram (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER consultations_trigram_delete AFTER DELETE ON consultations BEGIN
	INSERT INTO consultations_trigram (consultations_trigram, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER consultations_trigram_update AFTER UPDATE OF search_key ON consultations BEGIN
	INSERT INTO consultations_trigram (consultations_trigram, rowid, search_key) VALUES ('delete', old.id, old.search_key);
	INSERT INTO consultations_trigram (rowid, search_key) VALUES (new.id, new.search_key);
END;
