-- PostgreSQL's inverted index becomes a table of postings (docs/search.md).
--
-- The GIN index on to_tsvector('simple', terms) could not return a term's
-- documents in id order: "the newest 500 documents holding t" and "the first
-- 1,001 documents holding t" read and sorted every match (14 s for a word in
-- 142,000 of 1,000,000 requests). One row per (term, document) with a b-tree
-- primary key makes both an index range scan that stops at the limit, forwards
-- or backwards. The store writes the postings with the document
-- (store.IndexDoc); SQLite keeps using FTS5 and leaves this table empty.
CREATE TABLE search_postings (
    term   TEXT NOT NULL,
    doc_id BIGINT NOT NULL
);

-- Existing documents: one posting per distinct term (none on a fresh database).
SET LOCAL maintenance_work_mem = '256MB';
INSERT INTO search_postings (term, doc_id)
SELECT u.term, d.id FROM search_docs d,
    LATERAL (SELECT DISTINCT t FROM unnest(string_to_array(d.terms, ' ')) t WHERE t <> '') u(term);

-- The key after the load: one sort instead of 45 million index inserts.
ALTER TABLE search_postings ADD PRIMARY KEY (term, doc_id);

DROP INDEX search_docs_fts;

-- Index-only scans skip the table only on pages the visibility map marks
-- all-visible, which vacuum does; the newest postings are the ones searches
-- read, so vacuum after every 100,000 new postings (~2,000 requests) rather
-- than after 20 % of the table (9 million at 1,000,000 requests).
ALTER TABLE search_postings SET (autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_vacuum_insert_threshold = 100000);
