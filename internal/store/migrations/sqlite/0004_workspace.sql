-- The agent workspace: canned answers (macros) and the indexes that let sign-in
-- failures be counted per account and client address.

-- A macro is a canned answer a supervisor writes once and agents insert in a
-- reply, with placeholders ({entreprise}, {numero}, {agent}…) filled from the
-- request. A macro is archived (active = 0), never deleted: replies sent with it
-- keep their text anyway, and an archived one can be brought back.
CREATE TABLE macros (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    body        TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_by  BIGINT REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX macros_title ON macros (title);

-- Failed sign-ins are counted per (address, client IP) so that guessing at an
-- agent's address from one machine locks that machine out, not the agent; and per
-- IP, so that one machine spraying many addresses is stopped too.
CREATE INDEX login_failures_email_ip_at ON login_failures (email, ip, at);
CREATE INDEX login_failures_ip_at ON login_failures (ip, at);

-- The inbox counts each view's requests (capped at 1,001). The views but "toutes"
-- and "échéance" select active requests, a few thousand of a million: this
-- partial index holds only them, with the columns the views filter on, so a
-- count reads it alone. Its condition is written with literal states, which the
-- page queries (bound parameters) never imply: their plans keep the indexes
-- ordered by creation (see 0001_init.sql).
CREATE INDEX tickets_active ON tickets (state, team_id, assignee_id)
    WHERE state <> 'resolved' AND state <> 'closed';
-- "Mes demandes" counts one agent's active requests: led by the agent, so that
-- the count does not walk every request the agent ever had.
CREATE INDEX tickets_active_assignee ON tickets (assignee_id, state)
    WHERE state <> 'resolved' AND state <> 'closed';

-- The call screen finds a caller by the start of the company's or the contact's
-- name as it is typed, in lower case.
CREATE INDEX companies_lower_name ON companies (LOWER(name));
CREATE INDEX contacts_lower_name ON contacts (LOWER(name));
