-- Telephony: the switchboards that send call events, agents' extensions and
-- queues, the call log, blocked numbers and the callbacks owed for missed calls.
-- PostgreSQL has the same tables and columns (postgres/0008_telephony.sql).

-- A switchboard (PBX) allowed to post call events, by the SHA-256 of its token;
-- allow lists the source networks it may post from (CIDRs, comma-separated;
-- empty: any).
CREATE TABLE pbx (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    token_hash  TEXT NOT NULL UNIQUE,
    allow       TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT
);

-- Which agent answers at which extension.
CREATE TABLE pbx_extensions (
    extension   TEXT PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX pbx_extensions_user ON pbx_extensions (user_id);

-- Which agents see the screen pop of a queue's calls.
CREATE TABLE pbx_queue_members (
    queue       TEXT NOT NULL,
    user_id     BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (queue, user_id)
);

-- The call log: one row per call, folded from its events (internal/telephony).
CREATE TABLE calls (
    id              INTEGER PRIMARY KEY,
    pbx_id          BIGINT NOT NULL REFERENCES pbx(id),
    call_id         TEXT NOT NULL,
    direction       TEXT NOT NULL DEFAULT 'in',
    from_number     TEXT NOT NULL DEFAULT '',
    to_number       TEXT NOT NULL DEFAULT '',
    queue           TEXT NOT NULL DEFAULT '',
    result          TEXT NOT NULL,
    cause           TEXT NOT NULL DEFAULT '',
    agent_id        BIGINT REFERENCES users(id),
    extension       TEXT NOT NULL DEFAULT '',
    transfers       INTEGER NOT NULL DEFAULT 0,
    blocked         INTEGER NOT NULL DEFAULT 0,
    closed_at_start INTEGER NOT NULL DEFAULT 0,
    started_at      BIGINT NOT NULL,
    answered_at     BIGINT,
    last_answer_at  BIGINT,
    ended_at        BIGINT,
    duration_ms     BIGINT NOT NULL DEFAULT 0,
    ticket_id       BIGINT REFERENCES tickets(id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    UNIQUE (pbx_id, call_id)
);
CREATE INDEX calls_started ON calls (started_at, id);
CREATE INDEX calls_from ON calls (from_number, started_at, id);
CREATE INDEX calls_agent ON calls (agent_id, started_at, id);
CREATE INDEX calls_ticket ON calls (ticket_id, started_at, id);

-- Every event applied, by call and event key: a repeated event is recognised and
-- changes nothing.
CREATE TABLE call_events (
    pbx_id      BIGINT NOT NULL REFERENCES pbx(id),
    call_id     TEXT NOT NULL,
    event_key   TEXT NOT NULL,
    received_at BIGINT NOT NULL,
    PRIMARY KEY (pbx_id, call_id, event_key)
);

-- Numbers refused at new_call (abuse); never a request.
CREATE TABLE blocked_numbers (
    phone       TEXT PRIMARY KEY,
    reason      TEXT NOT NULL DEFAULT '',
    created_by  BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL
);

-- A callback request (rappel) owed for missed calls. open_phone holds the number
-- while the callback is open and is unique, so that two missed calls arriving at
-- once never open two callbacks for one caller; it is cleared when the caller is
-- reached or the agent records why not.
CREATE TABLE callbacks (
    ticket_id       BIGINT PRIMARY KEY REFERENCES tickets(id),
    phone           TEXT NOT NULL,
    open_phone      TEXT UNIQUE,
    missed_calls    INTEGER NOT NULL DEFAULT 1,
    first_missed_at BIGINT NOT NULL,
    last_missed_at  BIGINT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    reached_at      BIGINT,
    gave_up_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX callbacks_phone ON callbacks (phone, last_missed_at);
