-- The call screen's caller lookup (FindCallers) and the company picker
-- (FindCompanies) find a word typed anywhere in a company's or a contact's name
-- without reading every row: pg_trgm GIN indexes on the lower-cased names, which
-- serve LOWER(name) LIKE '%word%'. pg_trgm is installed in the public schema by
-- 0011_catalog_search.sql, hence the qualified operator class.
-- docs/perf.md ("Caller lookup") has the measures.
CREATE INDEX companies_name_trgm ON companies USING gin (LOWER(name) public.gin_trgm_ops);
CREATE INDEX contacts_name_trgm ON contacts USING gin (LOWER(name) public.gin_trgm_ops);
