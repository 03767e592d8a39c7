-- Names are searched folded, lower case and without French diacritics
-- (store/fold.go): "ecole" finds "ÉCOLE DU BOIS". fold_name gives what the Go
-- fold gives on the typed words (TestFoldAgrees): the French letters, upper and
-- lower case, translated to their base letter, the ligatures œ and æ spelt out,
-- then lower(). Immutable, so that indexes can use it.
CREATE FUNCTION fold_name(text) RETURNS text
	LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
	AS $$ SELECT lower(translate(
		replace(replace(replace(replace($1, 'Œ', 'oe'), 'œ', 'oe'), 'Æ', 'ae'), 'æ', 'ae'),
		'ÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸàâäçéèêëîïôöùûüÿ',
		'aaaceeeeiioouuuyaaaceeeeiioouuuy')) $$;

-- The caller lookup's prefix ranges seek the folded names.
DROP INDEX companies_lower_name;
DROP INDEX contacts_lower_name;
CREATE INDEX companies_folded_name ON companies (fold_name(name));
CREATE INDEX contacts_folded_name ON contacts (fold_name(name));

-- The words typed anywhere in a name: the pg_trgm indexes of 0013, on the
-- folded names that the LIKE terms now read.
DROP INDEX companies_name_trgm;
DROP INDEX contacts_name_trgm;
CREATE INDEX companies_name_trgm ON companies USING gin (fold_name(name) public.gin_trgm_ops);
CREATE INDEX contacts_name_trgm ON contacts USING gin (fold_name(name) public.gin_trgm_ops);
