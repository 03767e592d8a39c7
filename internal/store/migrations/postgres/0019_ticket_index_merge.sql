-- Creation maintains every index of tickets on each insert, and the commit writes
-- each index page it dirtied (docs/perf.md, "Fewer indexes on tickets"). Two
-- pairs of indexes started with the same columns, one for the lists (a team's or
-- a company's requests, newest first: 0001) and one for the figures (a period's
-- requests counted per team, per company, without reading a row: 0012). Each
-- pair becomes one index: the list's columns first, so that a page is still an
-- index range read in order (created_at, id), then the columns the figures read,
-- so that their counts still read the index alone.
--
-- Not merged: tickets_created (created_at, id, state) with tickets_report_created
-- (0009). The inbox's lists by state walk tickets_created testing the state on
-- each entry (the closed requests start after the active ones, the forgotten
-- open ones are spread over years); the report's columns would double the width
-- of the entries those walks read, for one index page less per commit.
DROP INDEX tickets_team_created;
DROP INDEX tickets_report_team;
CREATE INDEX tickets_team_created ON tickets (team_id, created_at, id, channel, topic);
DROP INDEX tickets_company_created;
DROP INDEX tickets_report_company;
CREATE INDEX tickets_company_created ON tickets (company_id, created_at, id, channel, topic, team_id);
-- The answer owed (after a company reply, or the callback after an answered
-- call) is NULL on most requests, and again once given: the SLA job's window
-- looks only for values, so the index holds only the requests that owe one, and
-- creating a request by mail or on the web does not touch it.
DROP INDEX tickets_due_next_response;
CREATE INDEX tickets_due_next_response ON tickets (due_next_response) WHERE due_next_response IS NOT NULL;
-- Each CREATE INDEX reads the whole table once while the migration holds the
-- table's lock: on a large table the upgrade takes that long, once (docs/perf.md).
