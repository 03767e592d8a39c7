package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/ticket"
)

// The plans of the reads of tickets (docs/perf.md, "Fewer indexes on tickets").
// Creation maintains every index of tickets, so indexes are merged or dropped
// when another one serves the same queries; this test is what says a merge lost
// nothing. It runs the lists, counts and figures on a small SQLite database,
// takes every statement they ran (the read pool prepares each one once, and the
// transactions' reads are recorded), and explains it: no statement may read the
// tickets table from end to end, and the figures' counts must read an index
// alone (covering), as they did before the merges. SQLite plans do not depend on
// the data (the store never runs ANALYZE), so a small seed gives the plans of a
// million requests.

// recorder is a transaction's query runner that keeps the statements it runs.
type recorder struct {
	inner interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	seen []string
}

func (r *recorder) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return r.inner.ExecContext(ctx, query, args...)
}

func (r *recorder) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	r.seen = append(r.seen, query)
	return r.inner.QueryContext(ctx, query, args...)
}

func (r *recorder) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	r.seen = append(r.seen, query)
	return r.inner.QueryRowContext(ctx, query, args...)
}

func TestTicketReadsUseIndexes(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.reads == nil {
		t.Fatal("the SQLite store has no prepared-statement cache: the test cannot see its statements")
	}
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	seedPlans(t, s, now)
	rec := &recorder{inner: s.read}
	runTicketReads(t, s, &Tx{q: rec, d: s.dialect}, now)

	var stmts []string
	s.reads.mu.RLock()
	for q := range s.reads.stmts {
		stmts = append(stmts, q)
	}
	s.reads.mu.RUnlock()
	stmts = append(stmts, rec.seen...)
	// The SLA job's window is one rowid range after its cursor; from the first
	// cursor that range is the table, and SQLite may take the three due times'
	// indexes instead (tickets_due_next_response is partial: the window's
	// BETWEEN implies its condition). "+t.id" shows that plan.
	for _, q := range stmts {
		if strings.Contains(q, "t.due_next_response BETWEEN") {
			stmts = append(stmts, strings.Replace(q, "WHERE t.id > ?", "WHERE +t.id > ?", 1))
			break
		}
	}
	slices.Sort(stmts)
	stmts = slices.Compact(stmts)

	checked := 0
	for _, q := range stmts {
		if !readsTickets(q) {
			continue
		}
		checked++
		plan := explainSQLite(t, s.read, q)
		t.Logf("%s\n    → %s", oneLine(q), strings.Join(plan, " | "))
		for _, step := range plan {
			if fullScan(step) {
				t.Errorf("reads the whole tickets table (%s):\n%s", step, oneLine(q))
			}
		}
		if mustCover(q) && !covered(plan) {
			t.Errorf("a figure's count reads ticket rows (no covering index on tickets): %s\n%s",
				strings.Join(plan, " | "), oneLine(q))
		}
	}
	// The reads below are the ones this test is about; fewer means a method ran
	// nothing (an empty seed) and its plan went unchecked.
	if checked < 40 {
		t.Errorf("only %d statements on tickets explained", checked)
	}
	for _, want := range wantPlans {
		found := false
		for _, q := range stmts {
			if !matches(oneLine(q), want.query) {
				continue
			}
			found = true
			if plan := strings.Join(explainSQLite(t, s.read, q), " | "); !strings.Contains(plan, want.plan) {
				t.Errorf("%s: want %q in the plan, got %s", want.query, want.plan, plan)
			}
		}
		if !found {
			t.Errorf("no statement contains %q: the store's query changed, update wantPlans", want.query)
		}
	}
}

// matches reports whether a statement contains a fragment of wantPlans; a
// fragment ending with "$" must end the statement.
func matches(q, fragment string) bool {
	if f, ok := strings.CutSuffix(fragment, "$"); ok {
		return strings.HasSuffix(q, f)
	}
	return strings.Contains(q, fragment)
}

// wantPlans are the indexes the main reads seek on (docs/perf.md): each list
// a range in its order, each figure's count per value an index alone. Merging
// or dropping an index of tickets must keep them.
var wantPlans = []struct{ query, plan string }{
	{"u.id = t.assignee_id ORDER BY t.created_at DESC, t.id DESC", "SCAN t USING INDEX tickets_created"},
	{"WHERE t.state IN (?, ?) ORDER BY t.created_at DESC", "SCAN t USING INDEX tickets_created"},
	{"WHERE t.team_id IN (?) ORDER BY t.created_at DESC", "SEARCH t USING INDEX tickets_team_created (team_id=?)"},
	{"WHERE t.state IN (?, ?, ?, ?) AND t.team_id IN (?) ORDER BY", "SEARCH t USING INDEX tickets_team_created (team_id=?)"},
	{"WHERE t.company_id = ? ORDER BY t.created_at DESC", "SEARCH t USING INDEX tickets_company_created (company_id=?)"},
	{"WHERE t.company_id = ? AND (t.created_at, t.id) < (?, ?)", "tickets_company_created (company_id=? AND created_at<?)"},
	{"WHERE t.state IN (?, ?, ?, ?) AND t.assignee_id = ? ORDER BY", "SEARCH t USING INDEX tickets_assignee_created (assignee_id=?)"},
	{"WHERE t.consultation_ref = ? ORDER BY", "SEARCH t USING INDEX tickets_consultation (consultation_ref=?)"},
	{"WHERE t.due_at IS NOT NULL ORDER BY t.due_at ASC", "SEARCH t USING INDEX tickets_due (due_at>?)"},
	{"t.assignee_id = ? AND t.state <> 'resolved'", "COVERING INDEX tickets_active_assignee (assignee_id=? AND state=?)"},
	{"k.assignee_id = u.id AND k.state <> 'resolved'", "COVERING INDEX tickets_active_assignee (assignee_id=?)"},
	{"WHERE +t.id > ?", "SEARCH t USING INDEX tickets_due_next_response (due_next_response>? AND due_next_response<?)"},
	{"FROM tickets t WHERE t.channel = ? AND t.topic = ? AND t.created_at >= ? AND t.created_at < ?$",
		"COVERING INDEX tickets_report_pair (channel=? AND topic=? AND created_at>? AND created_at<?)"},
	{"FROM tickets t WHERE t.team_id = ? AND t.created_at >= ? AND t.created_at < ?",
		"COVERING INDEX tickets_team_created (team_id=? AND created_at>? AND created_at<?)"},
	{"FROM companies c CROSS JOIN tickets t",
		"COVERING INDEX tickets_company_created (company_id=? AND created_at>? AND created_at<?)"},
	{"FROM tickets t JOIN companies c ON c.id = t.company_id WHERE t.created_at >= ? AND t.created_at < ? GROUP BY",
		"COVERING INDEX tickets_report_created (created_at>? AND created_at<?)"},
	// The due times' indexes (0021: the due time, then id) are sought on the due
	// time alone: the SLA figures (covering), their lists, the SLA job's window.
	{"THEN 1 ELSE 0 END), 0) FROM tickets t WHERE t.due_first_response >= ? AND t.due_first_response < ?$",
		"COVERING INDEX tickets_report_due_first (due_first_response>? AND due_first_response<?)"},
	{"THEN 1 ELSE 0 END), 0) FROM tickets t WHERE t.due_resolution >= ? AND t.due_resolution < ?$",
		"COVERING INDEX tickets_report_due_resolution (due_resolution>? AND due_resolution<?)"},
	{"WHERE t.due_first_response >= ? AND t.due_first_response < ? AND COALESCE(",
		"INDEX tickets_report_due_first (due_first_response>? AND due_first_response<?)"},
	{"WHERE t.due_resolution >= ? AND t.due_resolution < ? AND NOT COALESCE(",
		"INDEX tickets_report_due_resolution (due_resolution>? AND due_resolution<?)"},
	{"WHERE +t.id > ?", "SEARCH t USING INDEX tickets_report_due_resolution (due_resolution>? AND due_resolution<?)"},
	// The past-due counts seek on (first_response_at, created_at): the reason
	// tickets_report_first_response keeps created_at second.
	{"WHERE t.first_response_at IS NULL AND t.due_first_response < ? AND t.created_at < ? AND " +
		"(t.resolved_at IS NULL OR t.resolved_at >= ?)$",
		"COVERING INDEX tickets_report_first_response (first_response_at=? AND created_at<?)"},
}

// runTicketReads runs the reads of tickets: the inbox's lists and counts, the
// company, consultation and drill-down lists, the SLA job's, the figures', the
// portal's, the surveys', retention's, routing's and the calls'.
func runTicketReads(t *testing.T, s *Store, tx *Tx, now time.Time) {
	ctx := context.Background()
	must := func(what string, err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	active := []ticket.State{ticket.New, ticket.Open, ticket.WaitingCompany, ticket.Escalated}
	from, to := now.AddDate(0, 0, -30), now
	cursor := &ticket.Cursor{Key: now.AddDate(0, 0, -3), ID: 100}
	filters := []ticket.Filter{
		{},
		{States: []ticket.State{ticket.New, ticket.Open}},
		{States: []ticket.State{ticket.Closed}},
		{States: active, TeamIDs: []string{"travaux"}},
		{TeamIDs: []string{"travaux"}},
		{States: []ticket.State{ticket.Escalated}, TeamIDs: []string{"travaux"}},
		{States: active, AssigneeID: 1},
		{AssigneeID: 1},
		{States: active, Unassigned: true},
		{States: []ticket.State{ticket.WaitingCompany}},
		{After: cursor},
		{States: []ticket.State{ticket.New, ticket.Open}, Sort: ticket.OldestFirst},
		{Sort: ticket.DueFirst},
		{Sort: ticket.DueFirst, After: cursor},
		{CompanyID: 1},
		{CompanyID: 1, After: cursor},
		{CompanySIRET: "44306184100047"},
		{ConsultationRef: "2026-AO-001"},
		{CreatedFrom: from, CreatedTo: to},
		{CreatedFrom: from, CreatedTo: to, TeamIDs: []string{"travaux"}},
		{CreatedFrom: from, CreatedTo: to, Channels: []ticket.Channel{ticket.Phone}, Topics: []string{"dce"}},
		{ResolvedFrom: from, ResolvedTo: to, Outcomes: []ticket.Outcome{"answered_by_cell"}},
		{AnsweredFrom: from, AnsweredTo: to},
		{DueFirstFrom: from, DueFirstTo: to, SLAMet: "met"},
		{DueResolutionFrom: from, DueResolutionTo: to, SLAMet: "missed"},
		{PastDueAt: now.AddDate(0, 0, -2)},
		{CreatedFrom: from, CreatedTo: to, HeldBy: "travaux"},
		{RatedFrom: from, RatedTo: to, Rated: "online", Rating: 5},
		{SurveyedFrom: from, SurveyedTo: to},
		{CreatedFrom: from, CreatedTo: to, Departements: []string{"69"}, CompanySizes: []string{"tpe"}},
	}
	for _, f := range filters {
		f.Limit = 50
		_, _, err := s.FindTickets(ctx, f)
		must(fmt.Sprintf("list %+v", f), err)
		_, err = s.CountTickets(ctx, f, 1001)
		must(fmt.Sprintf("count %+v", f), err)
	}
	_, err := s.FindDueTickets(ctx, from, to.AddDate(0, 0, 30), 0, 100)
	must("due", err)
	_, err = s.FindUnanswered(ctx, now, nil, 50)
	must("unanswered", err)
	_, err = s.FindUnanswered(ctx, now, cursor, 50)
	must("unanswered", err)
	_, err = s.CountUnanswered(ctx, now)
	must("count unanswered", err)
	_, err = s.ResolvedBetween(ctx, from, to, 100)
	must("resolved between", err)
	_, err = s.FindRetentionCandidates(ctx, now, 0, 100)
	must("retention", err)
	_, err = s.FindPortalTickets(ctx, "contact1@plans.example", true, 50)
	must("portal", err)
	_, _, err = s.FindCalls(ctx, CallFilter{CompanyID: 1, Limit: 50})
	must("calls", err)
	_, err = s.FindNotifications(ctx, NotificationFilter{AssigneeID: 1})
	must("notifications", err)
	_, err = tx.FindTeamMembers(ctx, ticket.CellTeamID, "2026-11-20")
	must("members", err)
	_, err = tx.FindQARecipients(ctx, "2026-AO-001")
	must("Q&A recipients", err)

	// The figures: a month (the companies counted from the requests) and a long
	// period (from the companies, more requests than companies), unfiltered and
	// with each filter of the dashboard.
	for _, sc := range []ReportScope{
		{From: from, To: to},
		{From: now.AddDate(-1, 0, 0), To: to},
		{From: from, To: to, Team: "travaux"},
		{From: from, To: to, Channel: "phone", Topic: "dce"},
		{From: now.AddDate(-1, 0, 0), To: to, Team: "travaux", Channel: "phone"},
	} {
		_, err := s.ReportCreated(ctx, sc)
		must("created", err)
		_, err = s.ReportCountCreated(ctx, sc)
		must("count created", err)
		_, err = s.ReportOutcomes(ctx, sc)
		must("outcomes", err)
		_, err = s.ReportEscalations(ctx, sc, []string{"travaux", ticket.CellTeamID})
		must("escalations", err)
		_, err = s.ReportFirstResponses(ctx, sc)
		must("first responses", err)
		_, err = s.ReportResolutions(ctx, sc)
		must("resolutions", err)
		_, err = s.ReportSLA(ctx, sc)
		must("SLA", err)
		_, err = s.ReportPastDue(ctx, sc, now.AddDate(0, 0, -2))
		must("past due", err)
		_, err = s.ReportSurveys(ctx, sc)
		must("surveys", err)
		_, err = s.ReportConsultationCounts(ctx, sc)
		must("consultations", err)
	}
}

// seedPlans writes two teams, two topics, an agent, two companies with a
// contact each, and 6,000 requests over the last year — more than there are
// companies, so that the figures of a year take the companies' side — with
// every time the figures read, some resolved, answered, rated and moved to a
// service.
func seedPlans(t *testing.T, s *Store, now time.Time) {
	ctx := context.Background()
	day := int64(24 * time.Hour / time.Microsecond)
	end := now.UnixMicro()
	err := s.Write(ctx, func(tx *Tx) error {
		for _, q := range []string{
			`INSERT INTO teams (id, name, is_cell) VALUES ('cellule', 'Cellule', 1), ('travaux', 'Travaux', 0)`,
			`INSERT INTO topics (id, label_fr, label_en) VALUES ('dce', 'DCE', 'DCE'), ('marche', 'Marché', 'Contract')`,
			`INSERT INTO users (id, email, name, role, created_at) VALUES (1, 'agent@plans.example', 'Agent', 'agent', 0)`,
			`INSERT INTO companies (id, siret, siren, name, size, departement, created_at, updated_at) VALUES
				(1, '44306184100047', '443061841', 'Entreprise 1', 'tpe', '69', 0, 0),
				(2, '44306184100054', '443061841', 'Entreprise 2', 'pme', '01', 0, 0)`,
			`INSERT INTO contacts (id, company_id, name, email, phone, created_at) VALUES
				(1, 1, 'Anne', 'contact1@plans.example', '+33472100001', 0),
				(2, 2, 'Paul', 'contact2@plans.example', '+33472100002', 0)`,
		} {
			if _, err := tx.exec(ctx, q); err != nil {
				return fmt.Errorf("%w\n%s", err, q)
			}
		}
		// i from 1 to 6,000: created i hours apart back from now.
		_, err := tx.exec(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
			INSERT INTO tickets (id, number, channel, subject, state, priority, topic, scope, consultation_ref,
				company_id, contact_id, team_id, assignee_id, outcome, created_at, updated_at, first_response_at,
				resolved_at, due_first_response, due_resolution, due_at, due_next_response)
			SELECT i, 'N-' || i, CASE WHEN i % 3 = 0 THEN 'phone' ELSE 'web' END, 'Objet', 
				CASE WHEN i < 100 THEN 'open' WHEN i % 2 = 0 THEN 'resolved' ELSE 'closed' END, 'normal',
				CASE WHEN i % 2 = 0 THEN 'dce' ELSE 'marche' END, 'general',
				CASE WHEN i % 10 = 0 THEN '2026-AO-001' ELSE '' END,
				1 + i % 2, 1 + i % 2, CASE WHEN i % 4 = 0 THEN 'travaux' ELSE 'cellule' END,
				CASE WHEN i % 5 = 0 THEN NULL ELSE 1 END, CASE WHEN i < 100 THEN '' ELSE 'answered_by_cell' END,
				?1 - i * 3600000000, ?1 - i * 3600000000,
				CASE WHEN i % 7 = 0 THEN NULL ELSE ?1 - i * 3600000000 + ?2 / 4 END,
				CASE WHEN i < 100 THEN NULL ELSE ?1 - i * 3600000000 + ?2 END,
				?1 - i * 3600000000 + ?2 / 2, ?1 - i * 3600000000 + 5 * ?2,
				CASE WHEN i < 100 THEN ?1 - i * 3600000000 + ?2 / 2 END,
				CASE WHEN i < 100 AND i % 3 = 0 THEN ?1 - i * 3600000000 + ?2 END
			FROM n`, end, day)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT INTO audit (ticket_id, at, field, old_value, new_value) SELECT id, created_at + 1, 'team', 'cellule',
				'travaux' FROM tickets WHERE id % 8 = 0`,
			`INSERT INTO surveys (ticket_id, email, sent_at, rating, rated_at, by_phone, created_at)
				SELECT id, 'contact1@plans.example', resolved_at + 1, 1 + id % 5, resolved_at + 2, id % 3 = 0, resolved_at
				FROM tickets WHERE resolved_at IS NOT NULL AND id % 2 = 0`,
		} {
			if _, err := tx.exec(ctx, q); err != nil {
				return fmt.Errorf("%w\n%s", err, q)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// readsTickets reports whether a statement reads the tickets table.
func readsTickets(q string) bool {
	q = strings.ToLower(q)
	return strings.Contains(q, "from tickets") || strings.Contains(q, "join tickets")
}

// mustCover reports whether a statement is one of the figures' aggregates that
// read an index alone: every figure of the unfiltered dashboard, and the counts
// per value (channel and topic, team) whatever the filters. With a filter of the
// dashboard, the other figures read the rows the period's index range points to
// (a filtered dashboard is rare; its days are cached, 0014).
func mustCover(q string) bool {
	for _, head := range []string{"SELECT COUNT(*) FROM tickets t WHERE t.channel = ? AND t.topic = ? AND t.created_at",
		"SELECT COUNT(*) FROM tickets t WHERE t.team_id = ? AND t.created_at", "SELECT MIN("} {
		if strings.HasPrefix(q, head) {
			return true
		}
	}
	for _, filter := range []string{"t.team_id = ?", "t.channel = ?", "t.topic = ?"} {
		if strings.Contains(q, filter) {
			return false
		}
	}
	for _, head := range []string{"SELECT COUNT(*) FROM tickets t WHERE t.created_at", "SELECT COUNT(*) FROM tickets t WHERE t.first_response_at",
		"SELECT group_concat(", "SELECT COUNT(*), COALESCE(SUM(CASE WHEN", "SELECT t.consultation_ref, COUNT(*)",
		"SELECT MIN(t.id), MAX(t.id) FROM tickets t", "SELECT COALESCE(c.departement, '')"} {
		if strings.HasPrefix(q, head) {
			return true
		}
	}
	return false
}

// fullScan reports whether a step of a SQLite plan reads the whole tickets table.
func fullScan(step string) bool {
	for _, alias := range []string{"t", "tk", "k", "o", "tickets"} {
		if step == "SCAN "+alias || strings.HasPrefix(step, "SCAN "+alias+" ") && !strings.Contains(step, " USING ") {
			return true
		}
	}
	return false
}

// covered reports whether every step of a plan on tickets reads an index alone.
func covered(plan []string) bool {
	for _, step := range plan {
		onTickets := strings.HasPrefix(step, "SEARCH t ") || strings.HasPrefix(step, "SCAN t ") ||
			strings.HasPrefix(step, "SEARCH tickets ") || strings.HasPrefix(step, "SCAN tickets ")
		if onTickets && !strings.Contains(step, "COVERING INDEX") {
			return false
		}
	}
	return true
}

// explainSQLite returns the detail column of EXPLAIN QUERY PLAN, parameters
// unbound (NULL): the plan does not depend on them.
func explainSQLite(t *testing.T, db *sql.DB, q string) []string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, make([]any, strings.Count(q, "?"))...)
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, q)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return plan
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }
