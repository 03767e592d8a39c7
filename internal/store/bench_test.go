package store_test

// Benchmarks of the store on the paths the targets are about (docs/perf.md):
// creating tickets from concurrent requests (group commit) and reading the first
// page of the inbox from a large table (keyset pagination on the right index).
//
//	go test -run '^$' -bench . -benchtime 3s ./internal/store/
//	GUICHET_BENCH_TICKETS=100000 go test -run '^$' -bench Inbox ./internal/store/
//	GUICHET_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/test go test -run '^$' -bench . ./internal/store/
//
// They report rates, percentiles and counts with b.ReportMetric (tickets/s, the
// group commit's tickets/commit, p50/p95/p99-ms, the database pages a list touches);
// they assert structure only (no error, the plan uses an index), never a time. The
// PostgreSQL legs run only when GUICHET_BENCH_POSTGRES names a server.

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"modernc.org/sqlite"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/bench"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// benchClients is the number of concurrent writers of the creation target.
const benchClients = 8

// BenchmarkCreateTicket creates tickets through the real use case (company and
// contact upsert, ticket, first message, audit) from benchClients goroutines.
func BenchmarkCreateTicket(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) {
		dir := b.TempDir()
		p := watch(dir)
		s, err := store.Open(context.Background(), store.Options{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		benchCreate(b, s, p)
	})
	b.Run("postgres", func(b *testing.B) {
		s, _ := openPostgres(b, fmt.Sprintf("bench_create_%d", os.Getpid()), true)
		benchCreate(b, s, nil)
	})
}

func benchCreate(b *testing.B, s *store.Store, p *probe) {
	ctx := context.Background()
	svc := core.New(core.Options{Store: s})
	actor := benchActor(b, svc, "agent.bench@region.example")
	sirets := bench.SIRETPool(1000, 1)
	var seq atomic.Int64
	b.SetParallelism(max(1, (benchClients+runtime.GOMAXPROCS(0)-1)/runtime.GOMAXPROCS(0)))
	commits := p.commitCount()
	start := time.Now()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, _, err := svc.CreateTicket(ctx, actor, newTicket(sirets, seq.Add(1)), ""); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tickets/s")
	if n := p.commitCount() - commits; n > 0 {
		b.ReportMetric(float64(b.N)/float64(n), "tickets/commit")
	}
}

// benchActor seeds the defaults and returns a new agent.
func benchActor(b *testing.B, svc *core.Service, email string) access.Actor {
	ctx := context.Background()
	if err := svc.Seed(ctx); err != nil {
		b.Fatal(err)
	}
	u, err := svc.AddUser(ctx, access.System(), core.NewUser{Email: email, Role: "agent"})
	if err != nil {
		b.Fatal(err)
	}
	return u.Actor()
}

// newTicket is a phone request about one of the companies of the pool, so that
// most requests find their company and contact, as at the real cell.
func newTicket(sirets []string, i int64) core.NewTicket {
	k := int(i*7919) % len(sirets)
	return core.NewTicket{Channel: "phone", Subject: fmt.Sprintf("Question sur le lot %d", i%7),
		Body:    "Peut-on répondre à un seul lot ?",
		Company: &core.CompanyInput{SIRET: sirets[k], Name: fmt.Sprintf("Entreprise %d", k)},
		Contact: &core.ContactInput{Name: "Anne Dupont", Email: fmt.Sprintf("contact@entreprise%d.example", k),
			Phone: fmt.Sprintf("04 72 %02d %02d %02d", k/10000%100, k/100%100, k%100)},
		Topic: bench.Topics[i%int64(len(bench.Topics))], Scope: "general", Priority: "normal"}
}

// inboxQuery is one list an agent opens, with the SQL shape FindTickets runs for
// it (ticketlist.go), which EXPLAIN QUERY PLAN checks.
type inboxQuery struct {
	name   string
	filter ticket.Filter
	where  string // the WHERE clause FindTickets builds for filter
	args   []any
	order  string
}

var activeStates = []ticket.State{ticket.New, ticket.Open, ticket.WaitingCompany, ticket.Escalated}

func inboxQueries(deep ticket.Cursor) []inboxQuery {
	const newest = "t.created_at DESC, t.id DESC"
	key := deep.Key.UnixMicro()
	return []inboxQuery{
		{name: "inbox", filter: ticket.Filter{Limit: 50}, order: newest},
		{name: "state_new_open", filter: ticket.Filter{States: []ticket.State{ticket.New, ticket.Open}, Limit: 50},
			where: "t.state IN (?, ?)", args: []any{"new", "open"}, order: newest},
		{name: "team_active", filter: ticket.Filter{TeamIDs: []string{"travaux"}, States: activeStates, Limit: 50},
			where: "t.state IN (?, ?, ?, ?) AND t.team_id IN (?)", args: []any{"new", "open", "waiting_company", "escalated", "travaux"}, order: newest},
		{name: "team_all", filter: ticket.Filter{TeamIDs: []string{"travaux"}, Limit: 50},
			where: "t.team_id IN (?)", args: []any{"travaux"}, order: newest},
		{name: "deep_page", filter: ticket.Filter{Limit: 50, After: &deep},
			where: "(t.created_at < ? OR (t.created_at = ? AND t.id < ?))", args: []any{key, key, deep.ID}, order: newest},
		{name: "closed", filter: ticket.Filter{States: []ticket.State{ticket.Closed}, Limit: 50},
			where: "t.state IN (?)", args: []any{"closed"}, order: newest},
		{name: "active_oldest", filter: ticket.Filter{States: []ticket.State{ticket.New, ticket.Open}, Sort: ticket.OldestFirst, Limit: 50},
			where: "t.state IN (?, ?)", args: []any{"new", "open"}, order: "t.created_at ASC, t.id ASC"},
		{name: "due_first", filter: ticket.Filter{Sort: ticket.DueFirst, Limit: 50},
			where: "t.due_at IS NOT NULL", order: "t.due_at ASC, t.id ASC"},
	}
}

// BenchmarkInboxFirstPage reads pages of the inbox from a table of
// GUICHET_BENCH_TICKETS tickets (default 1,000,000), newest first, as agents do.
func BenchmarkInboxFirstPage(b *testing.B) {
	n := benchTickets(b)
	b.Run("sqlite", func(b *testing.B) {
		dir := cachedSQLite(b, n)
		p := watch(dir)
		s, err := store.Open(context.Background(), store.Options{DataDir: dir})
		if err != nil {
			b.Fatal(err)
		}
		defer s.Close()
		raw, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "guichet.db")+"?mode=ro")
		if err != nil {
			b.Fatal(err)
		}
		defer raw.Close()
		benchInbox(b, s, raw, p, n)
	})
	b.Run("postgres", func(b *testing.B) {
		s, raw := cachedPostgres(b, n)
		benchInbox(b, s, raw, nil, n)
	})
}

func benchInbox(b *testing.B, s *store.Store, raw *sql.DB, p *probe, n int) {
	ctx := context.Background()
	deep := cursorAt(b, raw, n/2)
	for _, q := range inboxQueries(deep) {
		b.Run(q.name, func(b *testing.B) {
			pages := p.pagesRead()
			page, _, err := s.FindTickets(ctx, q.filter)
			if err != nil {
				b.Fatal(err)
			}
			pagesPerOp := p.pagesRead() - pages
			if len(page) == 0 {
				b.Fatalf("%s: empty page: the seed does not exercise this list", q.name)
			}
			checkPlan(b, s.Dialect(), raw, q, page)
			durs := make([]time.Duration, 0, 1024)
			for b.Loop() {
				began := time.Now()
				if _, _, err := s.FindTickets(ctx, q.filter); err != nil {
					b.Fatal(err)
				}
				durs = append(durs, time.Since(began))
			}
			reportPercentiles(b, durs)
			if pagesPerOp > 0 {
				b.ReportMetric(float64(pagesPerOp), "pages/op")
			}
		})
	}
}

// reportPercentiles reports the p50, p95 and p99 of the samples in milliseconds.
func reportPercentiles(b *testing.B, durs []time.Duration) {
	slices.Sort(durs)
	at := func(p float64) float64 {
		i := min(len(durs)-1, int(p*float64(len(durs))))
		return float64(durs[i]) / float64(time.Millisecond)
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// cursorAt returns the cursor after the i-th newest ticket: the start of a page
// deep in the list.
func cursorAt(b *testing.B, raw *sql.DB, i int) ticket.Cursor {
	var c ticket.Cursor
	var key int64
	err := raw.QueryRow(fmt.Sprintf("SELECT created_at, id FROM tickets ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET %d", i)).
		Scan(&key, &c.ID)
	if err != nil {
		b.Fatalf("cursor: %v", err)
	}
	c.Key = time.UnixMicro(key).UTC()
	return c
}

// planFrom is the FROM clause of FindTickets (ticketColumns' joins, ticket.go).
const planFrom = ` FROM tickets t
	LEFT JOIN companies c ON c.id = t.company_id
	LEFT JOIN contacts k ON k.id = t.contact_id
	LEFT JOIN users u ON u.id = t.assignee_id`

// checkPlan explains the list's query and fails when it would read the tickets
// table from end to end (a lost or unusable index); it logs the plan either way.
// It first checks that the SQL explained returns the page FindTickets returned,
// so that the plan checked is the plan of the store's query shape.
func checkPlan(b *testing.B, d store.Dialect, raw *sql.DB, q inboxQuery, page []*ticket.Ticket) {
	query := "SELECT t.*, c.siret, k.email, u.name" + planFrom
	if q.where != "" {
		query += " WHERE " + q.where
	}
	query += " ORDER BY " + q.order + " LIMIT 51"
	if d == store.Postgres {
		query = rebind(query)
	}
	ids := queryInts(b, raw, "SELECT id FROM ("+query+") x LIMIT 50", q.args...)
	if want := ticketIDs(page); !slices.Equal(ids, want) {
		b.Fatalf("%s: the explained query returns %v, FindTickets %v: update inboxQueries", q.name, ids[:min(5, len(ids))], want[:min(5, len(want))])
	}
	plan := explain(b, d, raw, query, q.args)
	b.Logf("%s: %s", q.name, strings.Join(plan, " | "))
	for _, step := range plan {
		fullSQLite := (strings.HasPrefix(step, "SCAN t ") || step == "SCAN t") && !strings.Contains(step, " USING ")
		if fullSQLite || strings.Contains(step, "Seq Scan on tickets") {
			b.Fatalf("%s reads the whole tickets table: %s", q.name, strings.Join(plan, " | "))
		}
	}
}

func explain(b *testing.B, d store.Dialect, raw *sql.DB, query string, args []any) []string {
	var plan []string
	verb := "EXPLAIN "
	if d == store.SQLite {
		verb = "EXPLAIN QUERY PLAN "
	}
	rows, err := raw.Query(verb+query, args...)
	if err != nil {
		b.Fatalf("explain: %v", err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		for i := range vals {
			vals[i] = new(any)
		}
		if err := rows.Scan(vals...); err != nil {
			b.Fatal(err)
		}
		plan = append(plan, strings.TrimSpace(fmt.Sprint(*vals[len(vals)-1].(*any)))) // the detail column
	}
	return plan
}

func queryInts(b *testing.B, raw *sql.DB, query string, args ...any) []int64 {
	rows, err := raw.Query(query, args...)
	if err != nil {
		b.Fatalf("%v\n%s", err, query)
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			b.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func ticketIDs(page []*ticket.Ticket) []int64 {
	out := make([]int64, len(page))
	for i, t := range page {
		out[i] = t.ID
	}
	return out
}

// rebind numbers the ? placeholders for PostgreSQL (the queries here quote none).
func rebind(q string) string {
	var sb strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&sb, "$%d", n)
			continue
		}
		sb.WriteRune(c)
	}
	return sb.String()
}

// benchTickets is the size of the inbox benchmark's table.
func benchTickets(b *testing.B) int { return benchSize(b, "GUICHET_BENCH_TICKETS", 1_000_000) }

// benchSize is the size a benchmark seeds: the number in the environment
// variable env (1000 or more), or def when it is unset.
func benchSize(b *testing.B, env string, def int) int {
	v := os.Getenv(env)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1000 {
		b.Fatalf("%s=%q: want a number, 1000 or more", env, v)
	}
	return n
}

// seedVersion changes when seedTickets does, so that cached databases are rebuilt.
const seedVersion = "1"

// cacheKey names a seeded database by its size, the dialect's migrations and the
// seed, so that a changed schema or seed is never measured on a stale copy.
func cacheKey(b *testing.B, d store.Dialect, n int) string {
	return seedKey(b, d, "seed "+seedVersion, n)
}

// seedKey names a benchmark's seeded database: its sizes joined by "_", then a
// hash of the dialect's migrations and of the seed's label (which carries the
// seed's version), so that a changed schema or seed is never measured on a
// stale copy.
func seedKey(b *testing.B, d store.Dialect, seed string, sizes ...int) string {
	h := sha256.New()
	files, err := filepath.Glob(filepath.Join("migrations", string(d), "*.sql"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no migrations found (%v): run from internal/store", err)
	}
	for _, f := range files {
		body, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(h, "%s\x00%s\x00", filepath.Base(f), body)
	}
	fmt.Fprint(h, seed)
	var key strings.Builder
	for _, n := range sizes {
		fmt.Fprintf(&key, "%d_", n)
	}
	fmt.Fprintf(&key, "%x", h.Sum(nil)[:6])
	return key.String()
}

// cachedSQLite returns the data directory of a SQLite database seeded with n
// tickets, built on first use in os.TempDir() and kept for the next runs.
func cachedSQLite(b *testing.B, n int) string {
	dir := filepath.Join(os.TempDir(), "guichet-bench-inbox-"+cacheKey(b, store.SQLite, n))
	if _, err := os.Stat(filepath.Join(dir, "seeded")); err == nil {
		return dir
	}
	b.Logf("seeding %d tickets into %s (once; later runs reuse it)", n, dir)
	tmp := fmt.Sprintf("%s.tmp-%d", dir, os.Getpid())
	os.RemoveAll(tmp)
	s, err := store.Open(context.Background(), store.Options{DataDir: tmp})
	if err != nil {
		b.Fatal(err)
	}
	agents := seedAgents(b, s)
	s.Close()
	path := filepath.Join(tmp, "guichet.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(0)&_pragma=journal_mode(WAL)"+
		"&_pragma=synchronous(OFF)&_pragma=cache_size(-262144)&_txlock=immediate")
	if err != nil {
		b.Fatal(err)
	}
	raw.SetMaxOpenConns(1)
	seedTickets(b, store.SQLite, raw, n, agents)
	if _, err := raw.Exec("PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		b.Fatal(err)
	}
	raw.Close()
	if err := os.WriteFile(filepath.Join(tmp, "seeded"), []byte(time.Now().Format(time.RFC3339)), 0o640); err != nil {
		b.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp) // another run finished first: use its copy
	}
	removeStale(dir, n)
	return dir
}

// removeStale deletes the cached databases of the same size built for another
// schema or seed: they will never be used again, and each weighs hundreds of MB.
func removeStale(keep string, n int) {
	old, _ := filepath.Glob(filepath.Join(os.TempDir(), fmt.Sprintf("guichet-bench-inbox-%d_*", n)))
	for _, d := range old {
		if d != keep && !strings.Contains(filepath.Base(d), ".tmp-") {
			os.RemoveAll(d)
		}
	}
}

// seedAgents gives the store its default teams and topics and ten agents, and
// returns the first agent's id (they follow each other).
func seedAgents(b *testing.B, s *store.Store) int64 {
	ctx := context.Background()
	svc := core.New(core.Options{Store: s})
	first := benchActor(b, svc, "agent0@bench.example").UserID
	for i := 1; i < 10; i++ {
		if _, err := svc.AddUser(ctx, access.System(), core.NewUser{Email: fmt.Sprintf("agent%d@bench.example", i), Role: "agent"}); err != nil {
			b.Fatal(err)
		}
	}
	return first
}

// seedTickets fills an empty database with n/20 companies (one contact each) and
// n tickets over three years, in SQL both dialects accept. The shares follow the
// cell's life: the last 2 % of requests (a few weeks) are still being worked;
// older ones are closed or resolved, but for 0.2 % forgotten open ones. A tenth of
// the requests have no company; three in ten are held by a thematic service.
func seedTickets(b *testing.B, d store.Dialect, raw *sql.DB, n int, firstAgent int64) {
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	q := func(s string) string {
		if d == store.Postgres {
			return rebind(s)
		}
		return s
	}
	now := time.Now().UnixMicro()
	companies := max(1000, n/20)
	stmt, err := tx.Prepare(q(`INSERT INTO companies (siret, siren, name, size, departement, created_at, updated_at)
		VALUES (?, ?, ?, 'tpe', '69', ?, ?)`))
	if err != nil {
		b.Fatal(err)
	}
	for i, siret := range bench.SIRETPool(companies, 7) {
		if _, err := stmt.Exec(siret, siret[:9], fmt.Sprintf("Entreprise %d", i), now, now); err != nil {
			b.Fatal(err)
		}
	}
	stmt.Close()
	mustExec(b, tx, `INSERT INTO contacts (company_id, name, email, phone, created_at)
		SELECT id, 'Contact ' || id, 'contact@entreprise' || id || '.example', '+33472' || (100000 + id), created_at
		FROM companies ORDER BY id`)
	firstCompany, firstContact := minID(b, tx, "companies"), minID(b, tx, "contacts")
	span := int64(3 * 365 * 24 * time.Hour / time.Microsecond)
	mustExec(b, tx, q(seedTicketsSQL), n, now-span, span/int64(n), n-n/50,
		firstCompany, companies, firstContact, companies, firstAgent, firstAgent)
	if d == store.Postgres {
		mustExec(b, tx, "ANALYZE") // what autovacuum does on a live PostgreSQL
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

const seedTicketsSQL = `WITH RECURSIVE seq(i) AS (
	SELECT CAST(1 AS BIGINT) UNION ALL SELECT i + 1 FROM seq WHERE i < ?
), r AS (
	SELECT i, ? + i * ? AS at, (i * 7919) % 1000 AS h1, (i * 104729) % 997 AS h2, (i * 1299709) % 991 AS h3,
		CASE WHEN i > ? THEN 1 ELSE 0 END AS recent
	FROM seq
), s AS (
	SELECT r.*, CASE WHEN recent = 1 THEN
		CASE WHEN h1 % 20 < 3 THEN 'new' WHEN h1 % 20 < 8 THEN 'open' WHEN h1 % 20 < 11 THEN 'waiting_company'
			WHEN h1 % 20 < 14 THEN 'escalated' ELSE 'resolved' END
		ELSE CASE WHEN h1 = 0 THEN 'open' WHEN h1 = 1 THEN 'waiting_company' WHEN h1 < 26 THEN 'resolved' ELSE 'closed' END
	END AS state
	FROM r
)
INSERT INTO tickets (number, channel, subject, state, priority, topic, scope, consultation_ref, company_id,
	contact_id, team_id, assignee_id, outcome, created_by, created_at, updated_at, first_response_at, resolved_at,
	closed_at, due_first_response, due_resolution, due_at, version)
SELECT 'B-' || i,
	CASE WHEN h2 % 20 < 9 THEN 'phone' WHEN h2 % 20 < 15 THEN 'email' WHEN h2 % 20 < 19 THEN 'web' ELSE 'portal' END,
	'Question n° ' || i, state,
	CASE WHEN h3 % 50 = 0 THEN 'urgent' WHEN h3 % 10 = 0 THEN 'high' ELSE 'normal' END,
	CASE h2 % 10 WHEN 0 THEN 'repondre' WHEN 1 THEN 'dce' WHEN 2 THEN 'allotissement' WHEN 3 THEN 'rejet'
		WHEN 4 THEN 'attribution' WHEN 5 THEN 'execution' WHEN 6 THEN 'paiement' WHEN 7 THEN 'dematerialisation'
		WHEN 8 THEN 'seuils_procedures' ELSE 'autre' END,
	CASE WHEN h3 % 20 < 12 THEN 'general' WHEN h3 % 20 < 17 THEN 'own_tender'
		WHEN h3 % 20 < 19 THEN 'other_buyer_tender' ELSE 'off_topic' END,
	CASE WHEN h3 % 4 = 1 THEN '2026-REG-' || (h3 % 200) ELSE '' END,
	CASE WHEN h1 % 10 = 9 THEN NULL ELSE ? + (i * 31) % ? END,
	CASE WHEN h1 % 10 = 9 THEN NULL ELSE ? + (i * 31) % ? END,
	CASE WHEN state = 'escalated' OR (state <> 'new' AND h2 % 10 < 3) THEN
		CASE h3 % 4 WHEN 0 THEN 'travaux' WHEN 1 THEN 'fournitures_services'
			WHEN 2 THEN 'prestations_intellectuelles' ELSE 'mobilite' END
		ELSE 'cellule' END,
	CASE WHEN state = 'new' THEN NULL ELSE ? + h3 % 10 END,
	CASE WHEN state NOT IN ('resolved', 'closed') THEN '' WHEN h2 % 10 < 6 THEN 'answered_by_cell'
		WHEN h2 % 10 < 8 THEN 'answered_by_service' WHEN h2 % 10 < 9 THEN 'redirected_to_buyer' ELSE 'off_topic' END,
	CAST(? AS BIGINT), at, at,
	CASE WHEN state = 'new' THEN NULL ELSE at + 3600000000 END,
	CASE WHEN state IN ('resolved', 'closed') THEN at + 172800000000 END,
	CASE WHEN state = 'closed' THEN at + 777600000000 END,
	at + 86400000000, at + 864000000000,
	CASE WHEN state = 'new' THEN at + 86400000000 WHEN state IN ('resolved', 'closed') THEN NULL
		ELSE at + 864000000000 END,
	1
FROM s`

func mustExec(b *testing.B, tx *sql.Tx, query string, args ...any) {
	if _, err := tx.Exec(query, args...); err != nil {
		b.Fatalf("%v\n%s", err, query)
	}
}

func minID(b *testing.B, tx *sql.Tx, table string) int64 {
	var id int64
	if err := tx.QueryRow("SELECT MIN(id) FROM " + table).Scan(&id); err != nil {
		b.Fatal(err)
	}
	return id
}

// postgresURL is the server of the PostgreSQL leg; the leg is skipped without it.
func postgresURL(b *testing.B) string {
	u := os.Getenv("GUICHET_BENCH_POSTGRES")
	if u == "" {
		b.Skip("PostgreSQL leg skipped: set GUICHET_BENCH_POSTGRES=postgres://…")
	}
	return u
}

// openPostgres opens a migrated store in its own schema, dropped at the end when
// temporary is set, and a plain connection to the same schema.
func openPostgres(b *testing.B, schema string, temporary bool) (*store.Store, *sql.DB) {
	base := postgresURL(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA IF NOT EXISTS " + schema); err != nil {
		b.Fatal(err)
	}
	u := withSearchPath(base, schema)
	s, err := store.Open(context.Background(), store.Options{DatabaseURL: u})
	if err != nil {
		b.Fatal(err)
	}
	raw, err := sql.Open("pgx", u)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		s.Close()
		raw.Close()
		if temporary {
			if err := execOnce(base, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
				b.Errorf("drop schema: %v", err)
			}
		}
	})
	return s, raw
}

// cachedPostgres returns a store on a schema seeded with n tickets, built on first
// use and kept (drop the bench_inbox_* schemas to reclaim the space).
func cachedPostgres(b *testing.B, n int) (*store.Store, *sql.DB) {
	schema := "bench_inbox_" + cacheKey(b, store.Postgres, n)
	s, raw := openPostgres(b, schema, false)
	var seeded bool
	if err := raw.QueryRow(`SELECT EXISTS (SELECT 1 FROM information_schema.tables
		WHERE table_schema = $1 AND table_name = 'bench_seeded')`, schema).Scan(&seeded); err != nil {
		b.Fatal(err)
	}
	if !seeded {
		b.Logf("seeding %d tickets into schema %s (once; later runs reuse it)", n, schema)
		seedTickets(b, store.Postgres, raw, n, seedAgents(b, s))
		if _, err := raw.Exec("CREATE TABLE bench_seeded (at BIGINT)"); err != nil {
			b.Fatal(err)
		}
		dropStaleSchemas(b, raw, schema, n)
	}
	return s, raw
}

// dropStaleSchemas drops the seeded schemas of the same size built for another
// schema or seed.
func dropStaleSchemas(b *testing.B, raw *sql.DB, keep string, n int) {
	prefix := fmt.Sprintf("bench_inbox_%d_", n)
	rows, err := raw.Query("SELECT nspname FROM pg_namespace")
	if err != nil {
		b.Fatal(err)
	}
	var stale []string
	for rows.Next() {
		var name string
		if rows.Scan(&name) == nil && strings.HasPrefix(name, prefix) && name != keep {
			stale = append(stale, name)
		}
	}
	rows.Close()
	for _, name := range stale {
		if _, err := raw.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			b.Logf("drop stale schema %s: %v", name, err)
		}
	}
}

func withSearchPath(dsn, schema string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + "search_path=" + url.QueryEscape(schema)
}

func execOnce(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(stmt)
	return err
}

// probe watches the SQLite connections a store opens in one data directory,
// through the driver's connection hook: it counts the writer's commits (so the
// group commit's batch size can be reported without an API for it) and keeps the
// readers, whose page counters say how much of the database a query touched.
type probe struct {
	dir     string
	commits atomic.Int64
	mu      sync.Mutex
	readers []sqlite.DBStatus
}

var (
	hookOnce sync.Once
	probes   sync.Map // data directory → *probe
)

// watch starts watching the connections opened from now on in dir.
func watch(dir string) *probe {
	hookOnce.Do(func() { sqlite.RegisterConnectionHook(onConnect) })
	p := &probe{dir: dir}
	probes.Store(dir, p)
	return p
}

// onConnect recognises the store's connections by their DSN (store.go): the
// writer takes its lock at BEGIN, the readers are query_only.
func onConnect(conn sqlite.ExecQuerierContext, dsn string) error {
	probes.Range(func(_, v any) bool {
		p := v.(*probe)
		if !strings.Contains(dsn, p.dir+string(filepath.Separator)) {
			return true
		}
		if h, ok := conn.(sqlite.HookRegisterer); ok && strings.Contains(dsn, "_txlock=immediate") {
			h.RegisterCommitHook(func() int32 { p.commits.Add(1); return 0 })
		} else if st, ok := conn.(sqlite.DBStatus); ok && strings.Contains(dsn, "query_only(1)") {
			p.mu.Lock()
			p.readers = append(p.readers, st)
			p.mu.Unlock()
		}
		return false
	})
	return nil
}

func (p *probe) commitCount() int64 {
	if p == nil {
		return 0
	}
	return p.commits.Load()
}

// pagesRead is the number of database pages the readers have touched so far
// (cache hits and misses). Call it only while no query runs.
func (p *probe) pagesRead() int {
	if p == nil {
		return 0
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for _, st := range p.readers {
		for _, op := range []sqlite.DBStatusOp{sqlite.DBStatusCacheHit, sqlite.DBStatusCacheMiss} {
			n, _, _ := st.Status(op, false)
			total += n
		}
	}
	return total
}
