-- Routing, SLA on the business calendar, notifications and published answers
-- (docs/routing.md). Times are BIGINT microseconds since the Unix epoch, UTC.

-- The SLA clocks a request carries besides due_first_response and due_resolution:
-- the answer owed after a company reply (or a callback after a call), and the
-- pause of the resolution clock while the cell waits for the company.
ALTER TABLE tickets ADD COLUMN due_next_response BIGINT;
ALTER TABLE tickets ADD COLUMN sla_paused_at BIGINT;
ALTER TABLE tickets ADD COLUMN sla_remaining_ms BIGINT NOT NULL DEFAULT 0;
-- The SLA job reads a window of each due time (core/sla_job.go).
CREATE INDEX tickets_due_first_response ON tickets (due_first_response);
CREATE INDEX tickets_due_next_response ON tickets (due_next_response);
CREATE INDEX tickets_due_resolution ON tickets (due_resolution);

-- routing_config holds the documents an admin edits, as validated JSON: the
-- calendar, the SLA policies, the routing rules and the assignment modes, the
-- warning lead. A missing key means the default.
CREATE TABLE routing_config (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    updated_by BIGINT REFERENCES users(id)
);

-- absences are agents' leave: automatic assignment skips them on those days.
CREATE TABLE absences (
    id         INTEGER PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users(id),
    from_day   TEXT NOT NULL, -- YYYY-MM-DD, in the cell's calendar
    to_day     TEXT NOT NULL, -- included
    reason     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX absences_user ON absences (user_id, to_day);

-- assignment_turns remembers when each agent was last given a request
-- automatically, so that round-robin survives a restart and is shared by the
-- instances.
CREATE TABLE assignment_turns (
    user_id          BIGINT PRIMARY KEY REFERENCES users(id),
    last_assigned_at BIGINT NOT NULL
);

-- sla_notifications are the warnings and breaches the SLA job found: one per
-- request, target, due time and kind, whatever the number of instances or
-- restarts (the unique key). A due time moved by a pause is a new due time.
CREATE TABLE sla_notifications (
    id         INTEGER PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id),
    target     TEXT NOT NULL, -- first_response, next_response, resolution
    due_at     BIGINT NOT NULL,
    kind       TEXT NOT NULL, -- warning, breach
    created_at BIGINT NOT NULL,
    UNIQUE (ticket_id, target, due_at, kind)
);
CREATE INDEX sla_notifications_created ON sla_notifications (created_at, id);

-- notification_seen is, per account, the last notification it has seen (the
-- badge counts those after it).
CREATE TABLE notification_seen (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    last_id BIGINT NOT NULL
);

-- sla_digests records the daily digest of unanswered requests, one per day.
CREATE TABLE sla_digests (
    day        TEXT PRIMARY KEY, -- YYYY-MM-DD in the cell's calendar
    count      INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

-- qa_entries are the anonymised questions and answers published on a
-- consultation (equal treatment of candidates), each from a request.
CREATE TABLE qa_entries (
    id               INTEGER PRIMARY KEY,
    consultation_ref TEXT NOT NULL,
    question         TEXT NOT NULL,
    answer           TEXT NOT NULL,
    ticket_id        BIGINT REFERENCES tickets(id),
    published_by     BIGINT REFERENCES users(id),
    published_at     BIGINT NOT NULL
);
CREATE INDEX qa_entries_consultation ON qa_entries (consultation_ref, published_at, id);
CREATE INDEX qa_entries_ticket ON qa_entries (ticket_id);

-- qa_subscriptions are the addresses that asked to be told of a
-- consultation's new answers.
CREATE TABLE qa_subscriptions (
    consultation_ref TEXT NOT NULL,
    email            TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (consultation_ref, email)
);
