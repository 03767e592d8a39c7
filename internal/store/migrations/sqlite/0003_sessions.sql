-- Sign-in for the agent workspace: sessions kept in the database (so that any
-- instance serves any agent, and a restart signs nobody out) and the failed attempts
-- that lock an account out for a while.

-- A session is found by the SHA-256 of its cookie token; the token itself is never
-- stored. expires_at is when the session ends if it is not used again: the earlier
-- of the idle limit after last_seen_at and the absolute limit after created_at, so
-- that one column says whether a session is alive and which ones to purge.
CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      BIGINT NOT NULL REFERENCES users(id),
    csrf_secret  TEXT NOT NULL,
    lang         TEXT NOT NULL DEFAULT 'fr',
    ip           TEXT NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- One row per failed sign-in, by the address typed (known account or not, so that
-- the answer never tells which addresses exist). Rows older than the lock-out
-- window are deleted as new ones come; a successful sign-in deletes the address's.
CREATE TABLE login_failures (
    id     INTEGER PRIMARY KEY,
    email  TEXT NOT NULL,
    ip     TEXT NOT NULL DEFAULT '',
    at     BIGINT NOT NULL
);
CREATE INDEX login_failures_email_at ON login_failures (email, at);
