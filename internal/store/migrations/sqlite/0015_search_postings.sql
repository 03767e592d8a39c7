-- PostgreSQL's inverted index is a table of postings (docs/search.md). SQLite
-- searches with FTS5 (search_fts) and never writes this table: it exists so
-- that both schemas hold the same tables.
CREATE TABLE search_postings (
    term   TEXT NOT NULL,
    doc_id BIGINT NOT NULL,
    PRIMARY KEY (term, doc_id)
) WITHOUT ROWID;
