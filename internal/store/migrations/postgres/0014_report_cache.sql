-- The dashboard's daily aggregates: see the SQLite version of this file for what
-- each table and trigger is for (docs/reports.md, "Speed").
CREATE TABLE report_days (
    day     TEXT NOT NULL,
    filter  TEXT NOT NULL,
    config  TEXT NOT NULL,
    counts  TEXT NOT NULL,
    delays  BYTEA NOT NULL,
    built_at BIGINT NOT NULL,
    PRIMARY KEY (day, filter)
);
CREATE TABLE report_cache_state (
    id         INTEGER PRIMARY KEY,
    horizon    BIGINT NOT NULL,
    generation BIGINT NOT NULL,
    -- Used on SQLite only, which has no insert trigger (see its 0014): on
    -- PostgreSQL keys are not given in commit order, and the triggers below mark
    -- earlier-dated inserts themselves.
    ticket_mark BIGINT NOT NULL DEFAULT 0,
    audit_mark  BIGINT NOT NULL DEFAULT 0
);
-- Nothing is cached yet: the rows already written need no look.
INSERT INTO report_cache_state (id, horizon, generation, ticket_mark, audit_mark)
VALUES (1, 0, 0, (SELECT COALESCE(MAX(id), 0) FROM tickets), (SELECT COALESCE(MAX(id), 0) FROM audit));
CREATE TABLE report_dirty (
    seq        BIGSERIAL PRIMARY KEY,
    ticket_id  BIGINT,
    company_id BIGINT,
    at1 BIGINT, at2 BIGINT, at3 BIGINT, at4 BIGINT, at5 BIGINT,
    at6 BIGINT, at7 BIGINT, at8 BIGINT, at9 BIGINT
);

-- LEAST ignores NULLs. Raising the horizon locks report_cache_state exclusively,
-- so it waits for the transactions whose triggers read the old horizon.
CREATE FUNCTION report_ticket_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE h BIGINT;
BEGIN
    SELECT horizon INTO h FROM report_cache_state WHERE id = 1;
    IF TG_OP = 'INSERT' THEN
        IF LEAST(NEW.created_at, NEW.resolved_at, NEW.first_response_at, NEW.due_first_response, NEW.due_resolution) < h THEN
            INSERT INTO report_dirty (ticket_id, at1, at2, at3, at4, at5) VALUES (NEW.id, NEW.created_at,
                NEW.resolved_at, NEW.first_response_at, NEW.due_first_response, NEW.due_resolution);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.created_at < h THEN
            INSERT INTO report_dirty (at1, at2, at3, at4, at5) VALUES (OLD.created_at, OLD.resolved_at,
                OLD.first_response_at, OLD.due_first_response, OLD.due_resolution);
        END IF;
    ELSIF (OLD.channel, OLD.topic, OLD.team_id, OLD.company_id, OLD.consultation_ref, OLD.outcome, OLD.created_at,
           OLD.resolved_at, OLD.first_response_at, OLD.due_first_response, OLD.due_resolution)
          IS DISTINCT FROM (NEW.channel, NEW.topic, NEW.team_id, NEW.company_id, NEW.consultation_ref, NEW.outcome,
           NEW.created_at, NEW.resolved_at, NEW.first_response_at, NEW.due_first_response, NEW.due_resolution)
      AND LEAST(OLD.created_at, NEW.created_at, OLD.resolved_at, NEW.resolved_at, OLD.first_response_at,
           NEW.first_response_at, OLD.due_first_response, NEW.due_first_response, OLD.due_resolution,
           NEW.due_resolution) < h THEN
        INSERT INTO report_dirty (ticket_id, at1, at2, at3, at4, at5, at6, at7, at8, at9)
        VALUES (OLD.id, OLD.created_at, OLD.resolved_at, OLD.first_response_at, OLD.due_first_response,
            OLD.due_resolution, NEW.resolved_at, NEW.first_response_at, NEW.due_first_response, NEW.due_resolution);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_ticket_changed AFTER INSERT OR UPDATE OR DELETE ON tickets
    FOR EACH ROW EXECUTE FUNCTION report_ticket_changed();

CREATE FUNCTION report_audit_team() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.at < (SELECT horizon FROM report_cache_state WHERE id = 1) THEN
        INSERT INTO report_dirty (ticket_id) VALUES (NEW.ticket_id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_audit_team AFTER INSERT ON audit
    FOR EACH ROW WHEN (NEW.field = 'team') EXECUTE FUNCTION report_audit_team();

CREATE FUNCTION report_survey_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE h BIGINT;
BEGIN
    SELECT horizon INTO h FROM report_cache_state WHERE id = 1;
    IF TG_OP = 'INSERT' THEN
        IF LEAST(NEW.sent_at, NEW.rated_at) < h THEN
            INSERT INTO report_dirty (at1, at2) VALUES (NEW.sent_at, NEW.rated_at);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF LEAST(OLD.sent_at, OLD.rated_at) < h THEN
            INSERT INTO report_dirty (at1, at2) VALUES (OLD.sent_at, OLD.rated_at);
        END IF;
    ELSIF (OLD.sent_at, OLD.rated_at, OLD.rating, OLD.by_phone, OLD.ticket_id)
          IS DISTINCT FROM (NEW.sent_at, NEW.rated_at, NEW.rating, NEW.by_phone, NEW.ticket_id)
      AND LEAST(OLD.sent_at, OLD.rated_at, NEW.sent_at, NEW.rated_at) < h THEN
        INSERT INTO report_dirty (at1, at2, at3, at4) VALUES (OLD.sent_at, OLD.rated_at, NEW.sent_at, NEW.rated_at);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_survey_changed AFTER INSERT OR UPDATE OR DELETE ON surveys
    FOR EACH ROW EXECUTE FUNCTION report_survey_changed();

CREATE FUNCTION report_company_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT horizon FROM report_cache_state WHERE id = 1) > 0 THEN
        INSERT INTO report_dirty (company_id) VALUES (NEW.id);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_company_changed AFTER UPDATE ON companies
    FOR EACH ROW WHEN (OLD.departement IS DISTINCT FROM NEW.departement OR OLD.size IS DISTINCT FROM NEW.size)
    EXECUTE FUNCTION report_company_changed();
