-- The call screen's caller lookup (FindCallers) and the company picker
-- (FindCompanies) find a word typed anywhere in a company's or a contact's name
-- without reading every row: a trigram index on each name, as 0011 does for the
-- consultations. store.trigramCandidates asks it for the rows holding the rarest
-- typed word (at most 1,001), which the query then filters and orders. Kept in
-- step with the tables by triggers. docs/perf.md ("Caller lookup") has the measures.
CREATE VIRTUAL TABLE companies_trigram USING fts5(
	name, content='companies', content_rowid='id', tokenize='trigram', detail='none');
INSERT INTO companies_trigram (companies_trigram) VALUES ('rebuild');

CREATE TRIGGER companies_trigram_insert AFTER INSERT ON companies BEGIN
	INSERT INTO companies_trigram (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER companies_trigram_delete AFTER DELETE ON companies BEGIN
	INSERT INTO companies_trigram (companies_trigram, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER companies_trigram_update AFTER UPDATE OF name ON companies WHEN old.name IS NOT new.name BEGIN
	INSERT INTO companies_trigram (companies_trigram, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO companies_trigram (rowid, name) VALUES (new.id, new.name);
END;

CREATE VIRTUAL TABLE contacts_trigram USING fts5(
	name, content='contacts', content_rowid='id', tokenize='trigram', detail='none');
INSERT INTO contacts_trigram (contacts_trigram) VALUES ('rebuild');

CREATE TRIGGER contacts_trigram_insert AFTER INSERT ON contacts BEGIN
	INSERT INTO contacts_trigram (rowid, name) VALUES (new.id, new.name);
END;
CREATE TRIGGER contacts_trigram_delete AFTER DELETE ON contacts BEGIN
	INSERT INTO contacts_trigram (contacts_trigram, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER contacts_trigram_update AFTER UPDATE OF name ON contacts WHEN old.name IS NOT new.name BEGIN
	INSERT INTO contacts_trigram (contacts_trigram, rowid, name) VALUES ('delete', old.id, old.name);
	INSERT INTO contacts_trigram (rowid, name) VALUES (new.id, new.name);
END;
