package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/bench"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// server is the real application (SQLite store, JSON API) on a loopback port,
// with an agent's API token.
type server struct {
	url   string
	token string
}

func newServer(t *testing.T) server {
	t.Helper()
	ctx := context.Background()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.Open(ctx, cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	const email = "agent.bench@region.example"
	if _, err := a.Core().AddUser(ctx, access.System(), core.NewUser{Email: email, Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	token, err := a.Core().CreateToken(ctx, access.System(), email)
	if err != nil {
		t.Fatal(err)
	}
	return server{url: srv.URL, token: token}
}

func TestRunDrivesTheAPI(t *testing.T) {
	srv := newServer(t)
	var out bytes.Buffer
	rep, err := bench.Run(context.Background(), bench.Options{BaseURL: srv.url, Token: srv.token, Clients: 2,
		Duration: time.Second, Scenario: bench.ScenarioMixed, Out: &out, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("\n%s", rep)
	if rep.Stopped != "duration" || rep.Clients != 2 || rep.Scenario != "mixed" {
		t.Errorf("report header: %+v", rep)
	}
	for _, name := range []string{bench.OpCreate, bench.OpInbox, bench.OpInboxActive} {
		op := rep.Op(name)
		if op == nil || op.Requests == 0 {
			t.Fatalf("no %s request in the report:\n%s", name, rep)
		}
		if op.Errors != 0 || len(op.FirstErrors) != 0 {
			t.Errorf("%s: %d errors: %q", name, op.Errors, op.FirstErrors)
		}
		if op.P50 <= 0 || op.P50 > op.P95 || op.P95 > op.P99 || op.P99 > op.Max || op.PerSecond <= 0 {
			t.Errorf("%s: inconsistent figures %+v", name, op)
		}
	}
	// Every successful creation is a ticket in the database, and nothing more.
	if got, want := countTickets(t, srv), rep.Op(bench.OpCreate).Requests; got != want {
		t.Errorf("%d tickets in the database, the report says %d were created", got, want)
	}
	for _, want := range []string{"requests", "p99 ms", "create", "inbox_active"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("printed report lacks %q:\n%s", want, out.String())
		}
	}
}

// countTickets pages through the API's list.
func countTickets(t *testing.T, srv server) int {
	t.Helper()
	n, cursor := 0, ""
	for range 1000 {
		var page struct {
			Items      []json.RawMessage `json:"items"`
			NextCursor *string           `json:"next_cursor"`
		}
		get(t, srv, "/api/v1/tickets?limit=200&cursor="+url.QueryEscape(cursor), &page)
		n += len(page.Items)
		if page.NextCursor == nil || *page.NextCursor == "" {
			return n
		}
		cursor = *page.NextCursor
	}
	t.Fatal("the list never ends")
	return 0
}

func get(t *testing.T, srv server, path string, v any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, srv.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+srv.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestRunStopsAtTheRequestCap(t *testing.T) {
	srv := newServer(t)
	rep, err := bench.Run(context.Background(), bench.Options{BaseURL: srv.url, Token: srv.token, Clients: 3,
		Duration: time.Minute, Scenario: bench.ScenarioCreate, MaxRequests: 25})
	if err != nil {
		t.Fatal(err)
	}
	if op := rep.Op(bench.OpCreate); rep.Stopped != "max_requests" || op == nil || op.Requests != 25 || op.Errors != 0 {
		t.Fatalf("want 25 creations stopped by the cap, got:\n%s", rep)
	}
	if rep.Op(bench.OpInbox) != nil {
		t.Error("the create scenario read the inbox")
	}
}

func TestRunStopsWhenTheContextEnds(t *testing.T) {
	srv := newServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	rep, err := bench.Run(ctx, bench.Options{BaseURL: srv.url, Token: srv.token, Clients: 2,
		Duration: time.Minute, Scenario: bench.ScenarioInbox})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Stopped != "cancelled" || rep.Errors() != 0 || rep.Op(bench.OpInbox) == nil {
		t.Fatalf("want a clean cancelled run, got:\n%s", rep)
	}
}

func TestRunRefusesARemoteTarget(t *testing.T) {
	for _, base := range []string{"http://192.0.2.10:8080", "http://example.com", "https://10.0.0.1",
		"http://0.0.0.0:8080", "http://localhost.example.com:8080", "http://[2001:db8::1]:80"} {
		_, err := bench.Run(context.Background(), bench.Options{BaseURL: base, Token: "gch_x", Duration: time.Second})
		if !errors.Is(err, bench.ErrRemote) {
			t.Errorf("%s: want ErrRemote, got %v", base, err)
		}
	}
	// Loopback targets pass the check (and then fail to connect: nothing listens on port 1).
	for _, base := range []string{"http://127.0.0.1:1", "http://127.3.2.1:1", "http://localhost:1", "http://[::1]:1"} {
		_, err := bench.Run(context.Background(), bench.Options{BaseURL: base, Token: "gch_x", Duration: time.Second})
		if err == nil || errors.Is(err, bench.ErrRemote) {
			t.Errorf("%s: want a connection error, got %v", base, err)
		}
	}
}

func TestRunRefusesBadOptions(t *testing.T) {
	for _, o := range []bench.Options{
		{BaseURL: "127.0.0.1:8080"},
		{BaseURL: "ftp://127.0.0.1"},
		{BaseURL: "http://127.0.0.1:1", Scenario: "delete"},
		{BaseURL: "http://127.0.0.1:1", Clients: -1},
	} {
		if _, err := bench.Run(context.Background(), o); err == nil || errors.Is(err, bench.ErrRemote) {
			t.Errorf("%+v: want an option error, got %v", o, err)
		}
	}
}

func TestRunFailsFastOnAWrongToken(t *testing.T) {
	srv := newServer(t)
	_, err := bench.Run(context.Background(), bench.Options{BaseURL: srv.url, Token: "gch_wrong", Duration: time.Second})
	if err == nil || !strings.Contains(err.Error(), "401") {
		t.Fatalf("want the 401 of the preflight request, got %v", err)
	}
}

// TestRunReportsErrors uses a stand-in server that refuses every creation, to see
// failures counted and shown rather than timed.
func TestRunReportsErrors(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"title":"Service indisponible"}`)
			return
		}
		io.WriteString(w, `{"items":[],"next_cursor":null}`)
	}))
	defer srv.Close()
	rep, err := bench.Run(context.Background(), bench.Options{BaseURL: srv.URL, Token: "gch_x", Clients: 2,
		Duration: time.Minute, MaxRequests: 40})
	if err != nil {
		t.Fatal(err)
	}
	create, inbox := rep.Op(bench.OpCreate), rep.Op(bench.OpInbox)
	if create == nil || create.Errors != create.Requests || create.PerSecond != 0 || create.P99 != 0 {
		t.Fatalf("every creation should have failed: %+v", create)
	}
	if len(create.FirstErrors) != 1 || !strings.HasPrefix(create.FirstErrors[0], "503 ") {
		t.Errorf("first errors: %q", create.FirstErrors)
	}
	if inbox == nil || inbox.Errors != 0 {
		t.Errorf("inbox: %+v", inbox)
	}
	if !strings.Contains(rep.String(), "create: 503") {
		t.Errorf("the table does not show the error:\n%s", rep)
	}
}

func TestReportJSON(t *testing.T) {
	rep := bench.Report{Scenario: "create", Operations: []bench.OpStats{{Name: "create", Requests: 3,
		P50: bench.Millis(1500 * time.Microsecond), P99: bench.Millis(12 * time.Millisecond)}}}
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"p50_ms":1.5`, `"p99_ms":12`, `"per_second":0`, `"operations":[`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
}

func TestSIRETPool(t *testing.T) {
	pool := bench.SIRETPool(1000, 42)
	seen := map[string]bool{}
	for _, s := range pool {
		if !company.ValidSIRET(s) || seen[s] {
			t.Fatalf("%s: invalid or repeated", s)
		}
		seen[s] = true
	}
	if again := bench.SIRETPool(1000, 42); strings.Join(again, "") != strings.Join(pool, "") {
		t.Error("the same seed gave another pool")
	}
}
