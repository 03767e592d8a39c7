-- Guichet's first schema. Times are integers: microseconds since the Unix epoch, UTC,
-- the same in SQLite and PostgreSQL (see docs/architecture.md). 0/NULL means "not yet".

CREATE TABLE teams (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    is_cell    INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1,
    position   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE topics (
    id         TEXT PRIMARY KEY,
    label_fr   TEXT NOT NULL,
    label_en   TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    team_id       TEXT REFERENCES teams(id),
    password_hash TEXT NOT NULL DEFAULT '',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    token_hash   TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE TABLE companies (
    id           INTEGER PRIMARY KEY,
    siret        TEXT NOT NULL UNIQUE,
    siren        TEXT NOT NULL,
    name         TEXT NOT NULL,
    size         TEXT NOT NULL DEFAULT 'unknown',
    naf          TEXT NOT NULL DEFAULT '',
    commune_code TEXT NOT NULL DEFAULT '',
    departement  TEXT NOT NULL DEFAULT '',
    siret_valid  INTEGER NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX companies_siren ON companies (siren);
CREATE INDEX companies_name ON companies (name);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    company_id  BIGINT REFERENCES companies(id),
    name        TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX contacts_company ON contacts (company_id);
CREATE INDEX contacts_email ON contacts (email);
CREATE INDEX contacts_phone ON contacts (phone);

CREATE TABLE counters (
    name   TEXT PRIMARY KEY,
    value  BIGINT NOT NULL
);

CREATE TABLE tickets (
    id                 INTEGER PRIMARY KEY,
    number             TEXT NOT NULL UNIQUE,
    channel            TEXT NOT NULL,
    subject            TEXT NOT NULL,
    state              TEXT NOT NULL,
    priority           TEXT NOT NULL,
    topic              TEXT NOT NULL REFERENCES topics(id),
    scope              TEXT NOT NULL,
    consultation_ref   TEXT NOT NULL DEFAULT '',
    company_id         BIGINT REFERENCES companies(id),
    contact_id         BIGINT REFERENCES contacts(id),
    team_id            TEXT NOT NULL REFERENCES teams(id),
    assignee_id        BIGINT REFERENCES users(id),
    outcome            TEXT NOT NULL DEFAULT '',
    created_by         BIGINT REFERENCES users(id),
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    first_response_at  BIGINT,
    resolved_at        BIGINT,
    closed_at          BIGINT,
    due_first_response BIGINT,
    due_resolution     BIGINT,
    due_at             BIGINT, -- the next due time of an active request (NULL once resolved)
    version            INTEGER NOT NULL DEFAULT 1
);
-- The inbox and its views read newest first, optionally within a team or agent; each
-- index orders by (created_at, id) right after its equality column, so that a page is
-- an index range read in order and stops after the limit (docs/perf.md). A list of
-- states is a filter on that walk, not an index column: an index led by state makes
-- "state IN (new, open)" read and sort every active request before the first row
-- (SQLite cannot merge the ranges of an IN list in order). State ends tickets_created
-- so that the walk tests it on the index entry, without reading the row.
CREATE INDEX tickets_created ON tickets (created_at, id, state);
CREATE INDEX tickets_team_created ON tickets (team_id, created_at, id);
CREATE INDEX tickets_assignee_created ON tickets (assignee_id, created_at, id);
CREATE INDEX tickets_company_created ON tickets (company_id, created_at, id);
CREATE INDEX tickets_consultation ON tickets (consultation_ref, created_at, id);
CREATE INDEX tickets_due ON tickets (due_at, id) WHERE due_at IS NOT NULL;

CREATE TABLE messages (
    id               INTEGER PRIMARY KEY,
    ticket_id        BIGINT NOT NULL REFERENCES tickets(id),
    kind             TEXT NOT NULL,
    author_id        BIGINT REFERENCES users(id),
    body             TEXT NOT NULL,
    call_duration_ms BIGINT NOT NULL DEFAULT 0,
    created_at       BIGINT NOT NULL
);
CREATE INDEX messages_ticket ON messages (ticket_id, id);

CREATE TABLE audit (
    id         INTEGER PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id),
    at         BIGINT NOT NULL,
    actor_id   BIGINT REFERENCES users(id),
    field      TEXT NOT NULL,
    old_value  TEXT NOT NULL,
    new_value  TEXT NOT NULL,
    rule       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_ticket ON audit (ticket_id, id);

CREATE TABLE idempotency_keys (
    user_id      BIGINT NOT NULL REFERENCES users(id),
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    ticket_id    BIGINT NOT NULL REFERENCES tickets(id),
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, key)
);
