-- The due times' indexes of the reports (0009) in creation order within one due
-- time (docs/perf.md, "Due times' indexes in creation order").
--
-- Outside business hours (nights, weekends, holidays) every new request gets the
-- same due times: the next opening plus the target (internal/sla). Their entries
-- then differed only by the next columns (resolved_at, channel, topic, team_id),
-- so a night's requests went to a few dozen places inside the index, one leaf
-- page each, each commit writing as many leaves as it held requests and the
-- middle splits leaving pages half full: about one page written per request and
-- index in the WAL. With id right after the due time, the entries of one due
-- time are in creation order and a new one goes at the end of its due time's
-- range, as during business hours, when due times grow with the clock: one
-- leaf page per commit, whatever the number of requests it holds.
--
-- Every read of these indexes seeks on the due time alone (a range: the SLA
-- counts and their lists, the SLA job's window); the columns after it are read
-- from the entry, not sought, so the plans stay and the counts stay covering
-- (internal/store/plans_test.go; EXPLAIN on PostgreSQL, docs/perf.md). Equal
-- keys were no help here: PostgreSQL orders them by their place in the table,
-- so each of the few dozen groups still had its own insertion point. id costs 8
-- bytes per entry, and the entries of one night no longer share a deduplicated
-- posting list: up to 15 % more pages (100,000 requests, a hundred per due time).
--
-- tickets_report_first_response is not changed: after first_response_at (NULL
-- for a request not answered yet, the instant of the call for a phone request)
-- comes created_at, already the creation order, and the past-due counts seek on
-- (first_response_at, created_at).
DROP INDEX tickets_report_due_first;
CREATE INDEX tickets_report_due_first ON tickets (due_first_response, id, first_response_at, resolved_at, channel,
    topic, team_id);
DROP INDEX tickets_report_due_resolution;
CREATE INDEX tickets_report_due_resolution ON tickets (due_resolution, id, resolved_at, channel, topic, team_id);
-- Each CREATE INDEX reads the whole table once while the migration holds the
-- table's lock: on a large table the upgrade takes that long, once (docs/perf.md).
