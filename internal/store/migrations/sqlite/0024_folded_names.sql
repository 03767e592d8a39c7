-- Names are searched folded, lower case and without French diacritics
-- (store/fold.go): "ecole" finds "ÉCOLE DU BOIS". fold_name is registered by
-- the store on every connection (a Go function, the same as the one that folds
-- the typed words); a tool that opens the file without it cannot write to
-- companies or contacts.
--
-- The caller lookup's prefix ranges seek the folded names.
DROP INDEX companies_lower_name;
DROP INDEX contacts_lower_name;
CREATE INDEX companies_folded_name ON companies (fold_name(name));
CREATE INDEX contacts_folded_name ON contacts (fold_name(name));

-- The trigram tables of 0013, rebuilt to fold case and diacritics
-- (remove_diacritics, SQLite 3.45+). They are looked up with MATCH on the typed
-- words' trigrams (store.trigramLookup): LIKE on such a table is not served by
-- the index. Their folding is wider than fold_name's, save for œ and æ, which
-- it keeps: words holding "oe" or "ae" are not looked up in them.
DROP TRIGGER companies_trigram_insert;
DROP TRIGGER companies_trigram_delete;
DROP TRIGGER companies_trigram_update;
DROP TABLE companies_trigram;
DROP TRIGGER contacts_trigram_insert;
DROP TRIGGER contacts_trigram_delete;
DROP TRIGGER contacts_trigram_update;
DROP TABLE contacts_trigram;

CREATE VIRTUAL TABLE companies_trigram USING fts5(
	name, content='companies', content_rowid='id', tokenize='trigram remove_diacritics 1', detail='none');
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
	name, content='contacts', content_rowid='id', tokenize='trigram remove_diacritics 1', detail='none');
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
