-- The companies' own channels: attachments of messages, the follow-up portal's
-- sign-in links and sessions, and the counters of the public form's rate limits.

-- A file that came with a message. Its content is stored once per distinct
-- content, keyed by its SHA-256 (on disk under the data directory, or in
-- attachment_blobs): this row says which message carried it under which name.
-- ticket_id repeats the message's ticket so that a download checks access in
-- one read.
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   BIGINT NOT NULL REFERENCES messages(id),
    ticket_id    BIGINT NOT NULL REFERENCES tickets(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT NOT NULL,
    quarantined  INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id, id);
CREATE INDEX attachments_ticket ON attachments (ticket_id, id);
CREATE INDEX attachments_sha256 ON attachments (sha256);

-- Contents kept in the database (the choice for PostgreSQL deployments, where
-- several instances share no disk). key is the SHA-256, or "quarantine/" + it.
CREATE TABLE attachment_blobs (
    key        TEXT PRIMARY KEY,
    data       BLOB NOT NULL,
    size       BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A sign-in link sent by e-mail to a company contact: found by the SHA-256 of its
-- token (the token is only in the mail), used once (used_at), short-lived.
CREATE TABLE portal_links (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    email       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX portal_links_expires ON portal_links (expires_at);

-- A signed-in company contact, separate from the agents' sessions: it carries
-- an e-mail address, never a user, so no portal cookie can open the workspace.
CREATE TABLE portal_sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    email        TEXT NOT NULL,
    csrf_secret  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX portal_sessions_expires ON portal_sessions (expires_at);

-- One row per counted public action (a question sent, a link asked), by bucket
-- ("question-ip:203.0.113.7", "link-email:…"): the rate limits hold across
-- instances and restarts. Rows older than the longest window are deleted as new
-- ones come.
CREATE TABLE rate_events (
    id     INTEGER PRIMARY KEY,
    bucket TEXT NOT NULL,
    at     BIGINT NOT NULL
);
CREATE INDEX rate_events_bucket_at ON rate_events (bucket, at);
CREATE INDEX rate_events_at ON rate_events (at);

-- Secrets the instances share, made once: the key that signs the public form's
-- timestamps and the acknowledgement page's address.
CREATE TABLE portal_keys (
    name       TEXT PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
