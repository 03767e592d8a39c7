-- Indexes that let the figures count without reading or sorting a row per request
-- (docs/perf.md, "Reports"). Each one puts a small set of values first, so that a
-- count is one seek and a range of index entries per value:
--   - requests created in a period per channel and topic (volume, topic ranking);
--   - per current team (requests a service holds now);
--   - per company (local and TPE shares: the companies are read in département
--     order, and each one's requests of the period counted);
--   - the audit trail's team changes per team, in request order ("escalated").
CREATE INDEX tickets_report_pair ON tickets (channel, topic, created_at, team_id);
CREATE INDEX tickets_report_team ON tickets (team_id, created_at, channel, topic);
CREATE INDEX tickets_report_company ON tickets (company_id, created_at, channel, topic, team_id);
CREATE INDEX audit_field_value ON audit (field, new_value, ticket_id);
-- Surveys mailed in a period and whether they were rated online, without reading
-- the survey rows.
CREATE INDEX surveys_report_sent ON surveys (sent_at, by_phone, rating) WHERE sent_at IS NOT NULL;
