-- The dashboard's daily aggregates (docs/reports.md, "Speed"; docs/perf.md, "Reports").
--
-- report_days keeps, for each closed past day and each filter of the dashboard,
-- that day's aggregates (counts, and the sorted business-time delays), computed
-- from the tickets on first use. A day is cached only once it has ended, so the
-- day's requests keep changing (today's, the future's) never hit the cache.
-- config names what the aggregates were computed with (calendar, territory,
-- services): a row computed with another configuration is computed again.
CREATE TABLE report_days (
    day     TEXT NOT NULL,
    filter  TEXT NOT NULL,
    config  TEXT NOT NULL,
    counts  TEXT NOT NULL,
    delays  BLOB NOT NULL,
    built_at BIGINT NOT NULL,
    PRIMARY KEY (day, filter)
);
-- horizon: every day before it may be cached (microseconds); generation: bumped
-- each time dirty marks are applied, so that aggregates computed before they were
-- applied are not stored.
CREATE TABLE report_cache_state (
    id         INTEGER PRIMARY KEY,
    horizon    BIGINT NOT NULL,
    generation BIGINT NOT NULL,
    -- SQLite: the last request and audit entry keys already looked at (see below).
    ticket_mark BIGINT NOT NULL DEFAULT 0,
    audit_mark  BIGINT NOT NULL DEFAULT 0
);
-- Nothing is cached yet: the rows already written need no look.
INSERT INTO report_cache_state (id, horizon, generation, ticket_mark, audit_mark)
VALUES (1, 0, 0, (SELECT COALESCE(MAX(id), 0) FROM tickets), (SELECT COALESCE(MAX(id), 0) FROM audit));
-- A dirty mark: a change to data a cached day may have counted. The triggers below
-- write one only when a time of the changed row (old or new) lies before the
-- horizon, so working on today's requests never writes one; the report
-- turns the marks into days (at1..at9: times of the row; ticket_id: its creation
-- and its survey; company_id: its requests' creations), drops those days' rows
-- and deletes the marks.
CREATE TABLE report_dirty (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id  BIGINT,
    company_id BIGINT,
    at1 BIGINT, at2 BIGINT, at3 BIGINT, at4 BIGINT, at5 BIGINT,
    at6 BIGINT, at7 BIGINT, at8 BIGINT, at9 BIGINT
);

-- No trigger on INSERT INTO tickets nor on audit: any row trigger on tickets costs
-- about 100 µs a statement in modernc's SQLite (measured: an insert goes from ~80 to
-- ~180 µs), which creation cannot pay. A new request is created now, after the
-- horizon, with every later time after its creation; a request or a "team" audit
-- entry written with an earlier date (an import) is found instead by the report,
-- which reads the rows written since ticket_mark and audit_mark (key ranges).
CREATE TRIGGER report_ticket_update AFTER UPDATE ON tickets
WHEN (OLD.channel IS NOT NEW.channel OR OLD.topic IS NOT NEW.topic OR OLD.team_id IS NOT NEW.team_id
      OR OLD.company_id IS NOT NEW.company_id OR OLD.consultation_ref IS NOT NEW.consultation_ref
      OR OLD.outcome IS NOT NEW.outcome OR OLD.created_at IS NOT NEW.created_at
      OR OLD.resolved_at IS NOT NEW.resolved_at OR OLD.first_response_at IS NOT NEW.first_response_at
      OR OLD.due_first_response IS NOT NEW.due_first_response OR OLD.due_resolution IS NOT NEW.due_resolution)
 AND min(OLD.created_at, NEW.created_at,
         COALESCE(OLD.resolved_at, OLD.created_at), COALESCE(NEW.resolved_at, OLD.created_at),
         COALESCE(OLD.first_response_at, OLD.created_at), COALESCE(NEW.first_response_at, OLD.created_at),
         COALESCE(OLD.due_first_response, OLD.created_at), COALESCE(NEW.due_first_response, OLD.created_at),
         COALESCE(OLD.due_resolution, OLD.created_at), COALESCE(NEW.due_resolution, OLD.created_at))
     < (SELECT horizon FROM report_cache_state WHERE id = 1)
BEGIN
    INSERT INTO report_dirty (ticket_id, at1, at2, at3, at4, at5, at6, at7, at8, at9)
    VALUES (OLD.id, OLD.created_at, OLD.resolved_at, OLD.first_response_at, OLD.due_first_response,
            OLD.due_resolution, NEW.resolved_at, NEW.first_response_at, NEW.due_first_response, NEW.due_resolution);
END;

CREATE TRIGGER report_ticket_delete AFTER DELETE ON tickets
WHEN OLD.created_at < (SELECT horizon FROM report_cache_state WHERE id = 1)
BEGIN
    INSERT INTO report_dirty (at1, at2, at3, at4, at5)
    VALUES (OLD.created_at, OLD.resolved_at, OLD.first_response_at, OLD.due_first_response, OLD.due_resolution);
END;

CREATE TRIGGER report_survey_insert AFTER INSERT ON surveys
WHEN min(COALESCE(NEW.sent_at, 9223372036854775807), COALESCE(NEW.rated_at, 9223372036854775807))
     < (SELECT horizon FROM report_cache_state WHERE id = 1)
BEGIN
    INSERT INTO report_dirty (at1, at2) VALUES (NEW.sent_at, NEW.rated_at);
END;

CREATE TRIGGER report_survey_update AFTER UPDATE ON surveys
WHEN (OLD.sent_at IS NOT NEW.sent_at OR OLD.rated_at IS NOT NEW.rated_at OR OLD.rating IS NOT NEW.rating
      OR OLD.by_phone IS NOT NEW.by_phone OR OLD.ticket_id IS NOT NEW.ticket_id)
 AND min(COALESCE(OLD.sent_at, 9223372036854775807), COALESCE(OLD.rated_at, 9223372036854775807),
         COALESCE(NEW.sent_at, 9223372036854775807), COALESCE(NEW.rated_at, 9223372036854775807))
     < (SELECT horizon FROM report_cache_state WHERE id = 1)
BEGIN
    INSERT INTO report_dirty (at1, at2, at3, at4) VALUES (OLD.sent_at, OLD.rated_at, NEW.sent_at, NEW.rated_at);
END;

CREATE TRIGGER report_survey_delete AFTER DELETE ON surveys
WHEN min(COALESCE(OLD.sent_at, 9223372036854775807), COALESCE(OLD.rated_at, 9223372036854775807))
     < (SELECT horizon FROM report_cache_state WHERE id = 1)
BEGIN
    INSERT INTO report_dirty (at1, at2) VALUES (OLD.sent_at, OLD.rated_at);
END;

-- A company's département and size count for its requests' creation days.
CREATE TRIGGER report_company_update AFTER UPDATE ON companies
WHEN (OLD.departement IS NOT NEW.departement OR OLD.size IS NOT NEW.size)
 AND (SELECT horizon FROM report_cache_state WHERE id = 1) > 0
BEGIN
    INSERT INTO report_dirty (company_id) VALUES (NEW.id);
END;
