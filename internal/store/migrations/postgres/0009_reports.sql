-- The weekly figures and the satisfaction surveys, PostgreSQL dialect: the same tables
-- and columns as sqlite/0009_reports.sql (docs/reports.md).
--
-- Every figure is an aggregate over one index range of the tickets: created in the
-- period, resolved in it, first answered in it, due in it. Each index below starts
-- with that time and holds the columns the figures and the dashboard's filters read
-- (channel, topic, team), so that a figure never reads a ticket row: a week is a
-- few thousand index entries, a year a few hundred thousand (docs/perf.md).
CREATE INDEX tickets_report_created ON tickets (created_at, channel, topic, team_id, company_id, consultation_ref);
CREATE INDEX tickets_report_resolved ON tickets (resolved_at, outcome, created_at, channel, topic, team_id)
    WHERE resolved_at IS NOT NULL;
CREATE INDEX tickets_report_first_response ON tickets (first_response_at, created_at, due_first_response,
    resolved_at, channel, topic, team_id);
CREATE INDEX tickets_report_due_first ON tickets (due_first_response, first_response_at, resolved_at, channel, topic,
    team_id);
CREATE INDEX tickets_report_due_resolution ON tickets (due_resolution, resolved_at, channel, topic, team_id);
-- "Escalated to a service" reads the team changes of the requests of the period
-- in the audit trail, request by request.
CREATE INDEX audit_ticket_field ON audit (ticket_id, field, new_value);
-- Local companies are found by département, then their requests by company.
CREATE INDEX companies_departement ON companies (departement, size);

-- One satisfaction survey per request: queued by the survey job after the request
-- was resolved (sent_at set when its mail is queued), or created by an agent who
-- records a rating given by phone (by_phone = 1, never sent). One rating per
-- request: a second click changes rating and rated_at until expires_at.
CREATE TABLE surveys (
    ticket_id   BIGINT PRIMARY KEY REFERENCES tickets(id),
    email       TEXT NOT NULL DEFAULT '',
    sent_at     BIGINT,
    expires_at  BIGINT,
    rating      INTEGER,
    rated_at    BIGINT,
    comment     TEXT NOT NULL DEFAULT '',
    by_phone    INTEGER NOT NULL DEFAULT 0,
    recorded_by BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL
);
CREATE INDEX surveys_sent ON surveys (sent_at) WHERE sent_at IS NOT NULL;
CREATE INDEX surveys_rated ON surveys (rated_at, by_phone, rating) WHERE rated_at IS NOT NULL;

-- Small durable state of the report jobs: the HMAC key of the survey links (made
-- once, shared by every instance), the survey job's watermark, the weekly
-- reports already sent (one row per ISO week: a restart or a second instance
-- sends a week once, and a missed Monday is caught up once).
CREATE TABLE report_state (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE report_runs (
    week    TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL
);
