-- The consultation picker (FindConsultations) without reading the whole table:
-- an index in the picker's order (open first, then by deadline), and a trigram
-- index on search_key (pg_trgm) that serves LIKE '%word%'. The planner chooses
-- between them. docs/perf-catalog.md has the measures.
--
-- pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create
-- it. It is installed once per database, in the public schema, so that several
-- Guichet schemas in one database (the tests) share it.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;

-- A consultation without a deadline sorts last among its status (and counts as
-- open until its status changes), the same on both databases.
CREATE INDEX consultations_picker ON consultations (
	(CASE status WHEN 'open' THEN 0 WHEN 'closed' THEN 1 WHEN 'awarded' THEN 2 ELSE 3 END),
	(COALESCE(deadline, 9223372036854775807)), id);
CREATE INDEX consultations_search_trgm ON consultations USING gin (search_key public.gin_trgm_ops);
