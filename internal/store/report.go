package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The weekly figures' aggregates (internal/report defines the figures). Each method
// reads index ranges of tickets — created, resolved, first answered or due in the
// period — through indexes of migrations 0009, 0012 and 0019 that hold every
// column the query reads, and returns counts or the few timestamps the
// business-time delays need. Counts by a value (channel, topic, team, company) are one COUNT(*) per value
// on an index that starts with it, rather than a GROUP BY that sorts a row per
// request (docs/perf.md, "Reports"). Nothing here knows what a figure means;
// internal/core assembles them.

// ReportScope is a period [From, To) and the dashboard's filters ("" for all).
type ReportScope struct {
	From, To time.Time
	Team     string
	Channel  string
	Topic    string
}

// where is the period on a ticket time column and the filters, with their
// arguments; the tickets table is aliased t.
func (sc ReportScope) where(col string) (string, []any) {
	q := " t." + col + " >= ? AND t." + col + " < ?"
	args := []any{sc.From.UnixMicro(), sc.To.UnixMicro()}
	return sc.filters(q, args)
}

func (sc ReportScope) filters(q string, args []any) (string, []any) {
	for _, f := range []struct{ col, v string }{{"team_id", sc.Team}, {"channel", sc.Channel}, {"topic", sc.Topic}} {
		if f.v != "" {
			q += " AND t." + f.col + " = ?"
			args = append(args, f.v)
		}
	}
	return q, args
}

// CreatedCounts are the requests created in a scope by channel, by topic, and by
// their company's département and size (those with a company).
type CreatedCounts struct {
	ByChannel, ByTopic map[string]int
	Companies          []CompanyCount
}

// ReportCreated counts the requests created in the scope. Channel and topic: one
// count per (channel, topic) pair on tickets_report_pair, the pairs found by a
// skip scan of that index (a few dozen seeks), so that no row is sorted or read.
// Companies: for a long period, read in département and size order
// (companies_departement), each one's requests of the period counted on an index
// by company; for a short one, each request's company looked up by its key.
func (s *Store) ReportCreated(ctx context.Context, sc ReportScope) (CreatedCounts, error) {
	c := CreatedCounts{ByChannel: map[string]int{}, ByTopic: map[string]int{}}
	t := s.reader()
	pairs, err := t.reportPairs(ctx, sc)
	if err != nil {
		return c, err
	}
	for _, pr := range pairs {
		q, args := sc.filters(" t.channel = ? AND t.topic = ? AND t.created_at >= ? AND t.created_at < ?",
			[]any{pr[0], pr[1], sc.From.UnixMicro(), sc.To.UnixMicro()})
		var n int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM tickets t WHERE"+q, args...).Scan(&n); err != nil {
			return c, wrapReport("count created", err)
		}
		if n > 0 {
			c.ByChannel[pr[0]] += n
			c.ByTopic[pr[1]] += n
		}
	}
	// The companies' side: from the requests when the period has fewer requests
	// than there are companies (a week, a month), from the companies otherwise (a
	// year: one seek per company instead of one per request).
	volume := 0
	for _, n := range c.ByChannel {
		volume += n
	}
	// A day or a week never has more requests than there are companies: the
	// companies are counted only for longer periods.
	companies := volume
	if volume > 5000 {
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM companies").Scan(&companies); err != nil {
			return c, wrapReport("count companies", err)
		}
	}
	from := "tickets t JOIN companies c ON c.id = t.company_id WHERE"
	if volume > companies {
		from = "companies c CROSS JOIN tickets t WHERE t.company_id = c.id AND"
	}
	w, args := sc.where("created_at")
	err = t.reportEach(ctx, `SELECT COALESCE(c.departement, ''), COALESCE(c.size, ''), COUNT(*)
		FROM `+from+w+` GROUP BY c.departement, c.size`, args,
		func(scan func(...any) error) error {
			var co CompanyCount
			if err := scan(&co.Departement, &co.Size, &co.N); err != nil {
				return err
			}
			for i := range c.Companies { // COALESCE may merge a NULL and an empty value
				if c.Companies[i].Departement == co.Departement && c.Companies[i].Size == co.Size {
					c.Companies[i].N += co.N
					return nil
				}
			}
			c.Companies = append(c.Companies, co)
			return nil
		})
	return c, err
}

// reportPairs lists the (channel, topic) pairs of the requests ever created, within
// the scope's channel and topic filters, by a skip scan of tickets_report_pair:
// each next value is one seek (MIN over an index prefix), whatever the table's size.
func (t *Tx) reportPairs(ctx context.Context, sc ReportScope) ([][2]string, error) {
	next := func(q string, args ...any) (string, bool, error) {
		var v sql.NullString
		err := t.queryRow(ctx, q, args...).Scan(&v)
		return v.String, v.Valid, wrapReport("skip scan", err)
	}
	var channels []string
	if sc.Channel != "" {
		channels = []string{sc.Channel}
	} else {
		ch, ok, err := next("SELECT MIN(channel) FROM tickets")
		for ; ok && err == nil; ch, ok, err = next("SELECT MIN(channel) FROM tickets WHERE channel > ?", ch) {
			channels = append(channels, ch)
		}
		if err != nil {
			return nil, err
		}
	}
	var out [][2]string
	for _, ch := range channels {
		if sc.Topic != "" {
			out = append(out, [2]string{ch, sc.Topic})
			continue
		}
		tp, ok, err := next("SELECT MIN(topic) FROM tickets WHERE channel = ?", ch)
		for ; ok && err == nil; tp, ok, err = next("SELECT MIN(topic) FROM tickets WHERE channel = ? AND topic > ?", ch, tp) {
			out = append(out, [2]string{ch, tp})
		}
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ReportCountCreated counts the requests created in the scope.
func (s *Store) ReportCountCreated(ctx context.Context, sc ReportScope) (int, error) {
	w, args := sc.where("created_at")
	var n int
	err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM tickets t WHERE"+w, args...).Scan(&n)
	return n, wrapReport("count created", err)
}

// CompanyCount is a number of requests from companies of one département and size.
type CompanyCount struct {
	Departement string
	Size        string
	N           int
}

// knownOutcomes are the outcomes a resolved request has (ticket.Outcome), counted
// in one pass over tickets_report_resolved without sorting; any other value found
// makes ReportOutcomes group by outcome instead.
var knownOutcomes = []string{"", "answered_by_cell", "answered_by_service", "redirected_to_buyer", "off_topic"}

// ReportOutcomes counts the requests resolved in the scope by outcome.
func (s *Store) ReportOutcomes(ctx context.Context, sc ReportScope) (map[string]int, error) {
	w, args := sc.where("resolved_at")
	q := "SELECT COUNT(*)"
	for _, o := range knownOutcomes {
		q += ", COALESCE(SUM(CASE WHEN t.outcome = '" + o + "' THEN 1 ELSE 0 END), 0)"
	}
	ns := make([]int, len(knownOutcomes)+1)
	dest := make([]any, len(ns))
	for i := range ns {
		dest[i] = &ns[i]
	}
	if err := s.reader().queryRow(ctx, q+" FROM tickets t WHERE"+w+" AND t.resolved_at IS NOT NULL", args...).
		Scan(dest...); err != nil {
		return nil, wrapReport("outcomes", err)
	}
	out := map[string]int{}
	known := 0
	for i, o := range knownOutcomes {
		if n := ns[i+1]; n > 0 {
			out[o] = n
			known += n
		}
	}
	if known == ns[0] {
		return out, nil
	}
	return s.reader().reportCountBy(ctx, "SELECT t.outcome, COUNT(*) FROM tickets t WHERE"+w+
		" AND t.resolved_at IS NOT NULL GROUP BY t.outcome", args)
}

// ReportEscalations counts, for each of the given teams, the requests created in
// the scope that the team held at some time: its team now, or a team it was given
// according to the audit trail (field "team"). Per team, two counts: the requests
// it holds now (tickets_team_created), and the distinct requests the audit trail
// gives it that it does not hold now (audit_team, in request order, each
// request's creation checked by its key) — so nothing is sorted or counted twice.
func (s *Store) ReportEscalations(ctx context.Context, sc ReportScope, teams []string) (map[string]int, error) {
	out := map[string]int{}
	t := s.reader()
	w, args := sc.where("created_at")
	// The audit entries read are those of the requests whose key lies between the
	// period's first and last: about the period's own, as keys grow with time.
	var lo, hi sql.NullInt64
	if err := t.queryRow(ctx, "SELECT MIN(t.id), MAX(t.id) FROM tickets t WHERE"+w, args...).Scan(&lo, &hi); err != nil {
		return nil, wrapReport("escalations", err)
	}
	if !lo.Valid {
		return out, nil
	}
	for _, team := range teams {
		q, qargs := sc.filters(" t.team_id = ? AND t.created_at >= ? AND t.created_at < ?",
			[]any{team, sc.From.UnixMicro(), sc.To.UnixMicro()})
		var now, before int
		if err := t.queryRow(ctx, "SELECT COUNT(*) FROM tickets t WHERE"+q, qargs...).Scan(&now); err != nil {
			return nil, wrapReport("escalations", err)
		}
		// "+a.ticket_id" keeps SQLite from bounding the audit range by the join
		// alone (it then read from lo to the end of the trail: 60 ms a day).
		err := t.queryRow(ctx, `SELECT COUNT(*) FROM (SELECT DISTINCT a.ticket_id FROM audit a CROSS JOIN tickets t
			WHERE a.field = 'team' AND a.new_value = ? AND a.ticket_id BETWEEN ? AND ?
			AND t.id = +a.ticket_id AND t.team_id <> ? AND`+w+`) held`,
			append([]any{team, lo.Int64, hi.Int64, team}, args...)...).Scan(&before)
		if err != nil {
			return nil, wrapReport("escalations", err)
		}
		if now+before > 0 {
			out[team] = now + before
		}
	}
	return out, nil
}

// Interval is a request's creation and a later moment of it (first response,
// resolution), for the business-time delays.
type Interval struct{ From, To time.Time }

// ReportFirstResponses lists creation and first response of the requests first
// answered in the scope.
func (s *Store) ReportFirstResponses(ctx context.Context, sc ReportScope) ([]Interval, error) {
	return s.reportIntervals(ctx, sc, "first_response_at")
}

// ReportResolutions lists creation and resolution of the requests resolved in the
// scope.
func (s *Store) ReportResolutions(ctx context.Context, sc ReportScope) ([]Interval, error) {
	return s.reportIntervals(ctx, sc, "resolved_at")
}

// reportIntervals reads the period's pairs as one text, "created,at;created,at;…",
// built by the database (group_concat, string_agg) and parsed here: a row per
// request through database/sql, with its conversions, cost three times as much
// (docs/perf.md, "Reports").
func (s *Store) reportIntervals(ctx context.Context, sc ReportScope, col string) ([]Interval, error) {
	w, args := sc.where(col)
	t := s.reader()
	agg := "group_concat(t.created_at || ',' || t." + col + ", ';')"
	if t.d == Postgres {
		agg = "string_agg(t.created_at || ',' || t." + col + ", ';')"
	}
	var text sql.NullString
	if err := t.queryRow(ctx, "SELECT "+agg+" FROM tickets t WHERE"+w, args...).Scan(&text); err != nil {
		return nil, wrapReport("intervals", err)
	}
	return parseIntervals(text.String)
}

// parseIntervals reads "a,b;a,b;…" (microseconds) into intervals.
func parseIntervals(text string) ([]Interval, error) {
	if text == "" {
		return nil, nil
	}
	out := make([]Interval, 0, strings.Count(text, ";")+1)
	var v [2]int64
	i, neg := 0, false
	for k := 0; k <= len(text); k++ {
		if k < len(text) && text[k] >= '0' && text[k] <= '9' {
			v[i] = v[i]*10 + int64(text[k]-'0')
			continue
		}
		if k < len(text) && text[k] == '-' {
			neg = true
			continue
		}
		if neg {
			v[i], neg = -v[i], false
		}
		switch {
		case k < len(text) && text[k] == ',' && i == 0:
			i = 1
		case (k == len(text) || text[k] == ';') && i == 1:
			out = append(out, Interval{time.UnixMicro(v[0]).UTC(), time.UnixMicro(v[1]).UTC()})
			v, i = [2]int64{}, 0
		default:
			return nil, wrapReport("intervals", fmt.Errorf("unexpected %q at %d", text[k:min(k+1, len(text))], k))
		}
	}
	return out, nil
}

// SLACounts are the requests whose due times fell in a period, and how many of
// them were met.
type SLACounts struct {
	FirstDue, FirstMet           int
	ResolutionDue, ResolutionMet int
}

// ReportSLA counts the requests whose first-response (resolution) due time is in
// the scope, and those answered or resolved (resolved) by then. Unfiltered, each
// count reads one range of tickets_report_due_first (tickets_report_due_resolution)
// alone; those indexes seek on the due time only, which let 0021 put id second.
func (s *Store) ReportSLA(ctx context.Context, sc ReportScope) (SLACounts, error) {
	var c SLACounts
	w, args := sc.where("due_first_response")
	err := s.reader().queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.first_response_at <= t.due_first_response
		OR t.resolved_at <= t.due_first_response THEN 1 ELSE 0 END), 0) FROM tickets t WHERE`+w, args...).
		Scan(&c.FirstDue, &c.FirstMet)
	if err != nil {
		return c, wrapReport("first response SLA", err)
	}
	w, args = sc.where("due_resolution")
	err = s.reader().queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.resolved_at <= t.due_resolution
		THEN 1 ELSE 0 END), 0) FROM tickets t WHERE`+w, args...).Scan(&c.ResolutionDue, &c.ResolutionMet)
	return c, wrapReport("resolution SLA", err)
}

// ReportPastDue counts the requests that, at the instant at, had neither a first
// response nor a resolution although their first-response due time had passed.
// The two ranges read are small: the requests never answered, and those first
// answered after at.
func (s *Store) ReportPastDue(ctx context.Context, sc ReportScope, at time.Time) (int, error) {
	when := at.UnixMicro()
	cond, args := sc.filters(` t.due_first_response < ? AND t.created_at < ? AND (t.resolved_at IS NULL OR t.resolved_at >= ?)`,
		[]any{when, when, when})
	var never, late int
	err := s.reader().queryRow(ctx, "SELECT COUNT(*) FROM tickets t WHERE t.first_response_at IS NULL AND"+cond,
		args...).Scan(&never)
	if err != nil {
		return 0, wrapReport("past due", err)
	}
	err = s.reader().queryRow(ctx, "SELECT COUNT(*) FROM tickets t WHERE t.first_response_at >= ? AND"+cond,
		append([]any{when}, args...)...).Scan(&late)
	return never + late, wrapReport("past due", err)
}

// SurveyCounts are the satisfaction surveys of a period.
type SurveyCounts struct {
	Sent, Answered int    // surveys mailed in the period, and those rated
	Online, Phone  [5]int // ratings recorded in the period, by note
}

// ReportSurveys counts the surveys sent in the scope (answered: rated online, not
// by phone) and the ratings recorded in it,
// online and by phone apart; the filters apply to the surveyed request.
func (s *Store) ReportSurveys(ctx context.Context, sc ReportScope) (SurveyCounts, error) {
	var c SurveyCounts
	cond, args := sc.filters(" s.sent_at >= ? AND s.sent_at < ?", []any{sc.From.UnixMicro(), sc.To.UnixMicro()})
	err := s.reader().queryRow(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN s.rating IS NOT NULL AND s.by_phone = 0 THEN 1 ELSE 0 END), 0)
		FROM `+sc.surveys()+` WHERE`+cond, args...).Scan(&c.Sent, &c.Answered)
	if err != nil {
		return c, wrapReport("surveys", err)
	}
	cond, args = sc.filters(" s.rated_at >= ? AND s.rated_at < ?", []any{sc.From.UnixMicro(), sc.To.UnixMicro()})
	err = s.reader().reportEach(ctx, `SELECT s.by_phone, s.rating, COUNT(*) FROM `+sc.surveys()+`
		WHERE`+cond+` AND s.rating BETWEEN 1 AND 5 GROUP BY s.by_phone, s.rating`, args,
		func(scan func(...any) error) error {
			var phone, rating, n int
			if err := scan(&phone, &rating, &n); err != nil {
				return err
			}
			if phone == 1 {
				c.Phone[rating-1] += n
			} else {
				c.Online[rating-1] += n
			}
			return nil
		})
	return c, err
}

// surveys is the FROM of the survey counts: the surveys alone, or joined to their
// requests when a filter needs the request's team, channel or topic.
func (sc ReportScope) surveys() string {
	if sc.Team == "" && sc.Channel == "" && sc.Topic == "" {
		return "surveys s"
	}
	return "surveys s JOIN tickets t ON t.id = s.ticket_id"
}

// reportCountBy runs a "key, count" query into a map.
func (t *Tx) reportCountBy(ctx context.Context, q string, args []any) (map[string]int, error) {
	out := map[string]int{}
	err := t.reportEach(ctx, q, args, func(scan func(...any) error) error {
		var k string
		var n int
		err := scan(&k, &n)
		out[k] += n
		return err
	})
	return out, err
}

// reportEach runs a query and calls fn with each row's Scan.
func (t *Tx) reportEach(ctx context.Context, q string, args []any, fn func(scan func(...any) error) error) error {
	rows, err := t.query(ctx, q, args...)
	if err != nil {
		return wrapReport("query", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return wrapReport("scan", err)
		}
	}
	return wrapReport("rows", rows.Err())
}

func wrapReport(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: report %s: %w", what, err)
}

// ReportRecipients are the addresses of the active supervisors, who receive the
// weekly report.
func (s *Store) ReportRecipients(ctx context.Context) ([]string, error) {
	var out []string
	err := s.reader().reportEach(ctx, "SELECT email FROM users WHERE role = 'supervisor' AND active = 1 ORDER BY email",
		nil, func(scan func(...any) error) error {
			var e string
			err := scan(&e)
			out = append(out, e)
			return err
		})
	return out, err
}
