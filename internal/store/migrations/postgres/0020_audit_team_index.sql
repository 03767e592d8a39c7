-- The audit trail's team changes, for "held by a service at any time" (the list
-- filter) and "escalated" (the weekly figures): both read field = 'team' only.
-- audit_field_value (0012) indexed every audit row by (field, new_value), so
-- that each new request's entries (its number, its due times, its first
-- response…) went to as many places in one index: about 2.7 pages a request
-- written at commit, the most of any index (docs/perf.md, "Creation, third
-- pass"). The partial index holds the team changes alone.
DROP INDEX audit_field_value;
CREATE INDEX audit_team ON audit (new_value, ticket_id) WHERE field = 'team';
