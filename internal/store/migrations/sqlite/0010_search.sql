-- The knowledge base and the French full-text index (docs/search.md).

-- An article is the current state; every saved state is also a row of kb_versions,
-- so nothing an agent wrote is ever lost. slug is the article's address
-- (/faq/articles/{slug}); related lists other articles' slugs, space-separated.
CREATE TABLE kb_articles (
    id               INTEGER PRIMARY KEY,
    slug             TEXT NOT NULL UNIQUE,
    title            TEXT NOT NULL,
    topic            TEXT NOT NULL,
    tags             TEXT NOT NULL DEFAULT '',
    legal            TEXT NOT NULL DEFAULT '',
    visibility       TEXT NOT NULL DEFAULT 'public',
    status           TEXT NOT NULL DEFAULT 'draft',
    body             TEXT NOT NULL,
    related          TEXT NOT NULL DEFAULT '',
    version          INTEGER NOT NULL DEFAULT 1,
    helpful_yes      BIGINT NOT NULL DEFAULT 0,
    helpful_no       BIGINT NOT NULL DEFAULT 0,
    source_ticket_id BIGINT REFERENCES tickets(id),
    content_date     BIGINT, -- the date the content states it is up to date ("updated" in the starter files)
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    published_at     BIGINT
);
CREATE INDEX kb_articles_topic ON kb_articles (topic, status, title);

-- One row per saved state: who, when, and the line diff from the previous state.
CREATE TABLE kb_versions (
    id          INTEGER PRIMARY KEY,
    article_id  BIGINT NOT NULL REFERENCES kb_articles(id),
    version     INTEGER NOT NULL,
    title       TEXT NOT NULL,
    topic       TEXT NOT NULL,
    tags        TEXT NOT NULL,
    legal       TEXT NOT NULL,
    visibility  TEXT NOT NULL,
    status      TEXT NOT NULL,
    body        TEXT NOT NULL,
    related     TEXT NOT NULL,
    author_id   BIGINT REFERENCES users(id),
    author_name TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    diff        TEXT NOT NULL DEFAULT '',
    at          BIGINT NOT NULL,
    UNIQUE (article_id, version)
);

-- "Was this helpful?": one vote per voter key (a hash of the visitor's session
-- cookie) and article; the counters on kb_articles are kept with it.
CREATE TABLE kb_votes (
    article_id BIGINT NOT NULL REFERENCES kb_articles(id),
    voter_key  TEXT NOT NULL,
    helpful    INTEGER NOT NULL,
    at         BIGINT NOT NULL,
    PRIMARY KEY (article_id, voter_key)
);

-- The articles the public form suggested while a company typed, and whether the
-- company still sent its question (ticket_id set): the deflection rate.
CREATE TABLE kb_suggestions (
    id         INTEGER PRIMARY KEY,
    session    TEXT NOT NULL,
    query      TEXT NOT NULL,
    slugs      TEXT NOT NULL,
    ticket_id  BIGINT REFERENCES tickets(id),
    at         BIGINT NOT NULL
);
CREATE INDEX kb_suggestions_session ON kb_suggestions (session, at);
CREATE INDEX kb_suggestions_at ON kb_suggestions (at);

-- One row per searchable thing (a request, a message, an article, a consultation):
-- terms are the analysed terms (internal/search), space-separated, with the facet
-- markers; the full-text engine stores and intersects them without analysing them
-- again, and internal/search ranks the candidates. title and body are the plain
-- text shown in results and snippets.
CREATE TABLE search_docs (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    ref_id     BIGINT NOT NULL,
    ticket_id  BIGINT,
    topic      TEXT NOT NULL DEFAULT '',
    audience   TEXT NOT NULL DEFAULT 'agent',
    state      TEXT NOT NULL DEFAULT '',
    ref        TEXT NOT NULL DEFAULT '', -- what results show and link: a ticket number, an article slug, a reference
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    terms      TEXT NOT NULL,
    length     INTEGER NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (kind, ref_id)
);

-- Per kind: documents and terms, for BM25's collection statistics; watermark is
-- how far the consultation indexer has read ((updated_at, id) of the last one indexed).
CREATE TABLE search_stats (
    kind      TEXT PRIMARY KEY,
    docs      BIGINT NOT NULL DEFAULT 0,
    length    BIGINT NOT NULL DEFAULT 0,
    watermark BIGINT NOT NULL DEFAULT 0,
    watermark_id BIGINT NOT NULL DEFAULT 0
);

-- SQLite's inverted index over search_docs.terms, keyed by search_docs.id. The
-- ascii tokenizer only splits on spaces here: terms are already analysed.
CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');
