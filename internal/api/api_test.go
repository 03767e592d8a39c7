package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/api"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is the real API over a real, seeded core.Service, with one account and
// one token per role, and a clock the test moves.
type fixture struct {
	t      *testing.T
	svc    *core.Service
	h      http.Handler
	logs   *syncBuffer
	closer io.Closer // the store, for the test that takes the database away
	mu     sync.Mutex
	now    time.Time
	tokens map[access.Role]string
	users  map[access.Role]*access.User
}

// each runs fn once per database, as storetest.Each does. It goes through
// storetest.Backends because a callback of storetest.Each would have to name the
// store's type, and the API's tests may not import the store (archtest).
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			st := b.Open(t)
			f := &fixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), logs: &syncBuffer{}, closer: st,
				tokens: map[access.Role]string{}, users: map[access.Role]*access.User{}}
			f.svc = core.New(core.Options{Store: st, Now: f.clock})
			f.h = f.handler(0)
			f.seed()
			fn(t, f)
		})
	}
}

// handler builds the API as the app does, with a body limit (0: the default).
func (f *fixture) handler(maxBody int64) http.Handler {
	log := slog.New(slog.NewJSONHandler(f.logs, nil))
	return api.New(api.Options{Core: f.svc, Logger: log, MaxBodyBytes: maxBody})
}

func (f *fixture) seed() {
	ctx := context.Background()
	if err := f.svc.Seed(ctx); err != nil {
		f.t.Fatalf("seed: %v", err)
	}
	for _, r := range access.Roles() {
		in := core.NewUser{Email: string(r) + "@region.example", Name: "Compte " + string(r), Role: string(r)}
		if r == access.Specialist {
			in.TeamID = "travaux"
		}
		u, err := f.svc.AddUser(ctx, access.System(), in)
		if err != nil {
			f.t.Fatalf("add %s: %v", r, err)
		}
		tok, err := f.svc.CreateToken(ctx, access.System(), in.Email)
		if err != nil {
			f.t.Fatalf("token %s: %v", r, err)
		}
		f.users[r], f.tokens[r] = u, tok
	}
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// counts returns how many tickets and companies the database holds, to prove that
// a refused request wrote nothing.
func (f *fixture) counts() (tickets, companies int) {
	ctx := context.Background()
	pg, err := f.svc.Tickets(ctx, access.System(), ticket.Filter{Limit: ticket.MaxLimit})
	if err != nil {
		f.t.Fatalf("count tickets: %v", err)
	}
	cs, _, err := f.svc.Companies(ctx, access.System(), core.CompanyQuery{Limit: 200})
	if err != nil {
		f.t.Fatalf("count companies: %v", err)
	}
	return len(pg.Items), len(cs)
}

// req is one request of a scenario. Body is sent as is when it is a string, as
// JSON otherwise; Header adds or overrides headers ("Content-Type": "" removes it).
type req struct {
	Method, Path string
	As           access.Role // the token's role; "" for none
	Body         any
	Header       map[string]string
}

// reply is a response, already checked against the OpenAPI document.
type reply struct {
	Status int
	Header http.Header
	Body   []byte
}

// do runs a request through the real handler and validates the response against
// the OpenAPI document.
func (f *fixture) do(r req) reply {
	f.t.Helper()
	return f.doWith(f.h, r)
}

func (f *fixture) doWith(h http.Handler, r req) reply {
	f.t.Helper()
	hr := httptest.NewRequest(r.Method, r.Path, bodyReader(f.t, r.Body))
	if r.Body != nil {
		hr.Header.Set("Content-Type", "application/json")
	}
	if r.As != "" {
		hr.Header.Set("Authorization", "Bearer "+f.tokens[r.As])
	}
	for k, v := range r.Header {
		if v == "" {
			hr.Header.Del(k)
		} else {
			hr.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, hr)
	out := reply{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}
	validateResponse(f.t, hr, out)
	return out
}

func bodyReader(t *testing.T, body any) io.Reader {
	switch b := body.(type) {
	case nil:
		return http.NoBody
	case string:
		return strings.NewReader(b)
	}
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("marshal body: %v", err)
	}
	return bytes.NewReader(data)
}

// decode reads a JSON reply into v, failing on any status but want.
func (r reply) decode(t *testing.T, want int, v any) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("status %d, want %d: %.600s", r.Status, want, r.Body)
	}
	if err := json.Unmarshal(r.Body, v); err != nil {
		t.Fatalf("decode %s: %v", r.Body, err)
	}
}

// problem is what the tests read of a problem document.
type problem struct {
	Type, Title, Detail, Instance string
	Status                        int
	RequestID                     string `json:"request_id"`
	Errors                        []struct{ Field, Message string }
}

// problem checks that r is a problem document with the status, and returns it.
func (r reply) problem(t *testing.T, status int) problem {
	t.Helper()
	if ct := r.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Fatalf("content type %q, want application/problem+json (status %d: %.600s)", ct, r.Status, r.Body)
	}
	var p problem
	r.decode(t, status, &p)
	if p.Status != status || p.Title == "" || p.Detail == "" || p.RequestID == "" || p.RequestID != r.Header.Get("X-Request-Id") {
		t.Fatalf("incomplete problem: %s", r.Body)
	}
	return p
}

// field returns the message for a field of the problem, "" when it is not named.
func (p problem) field(name string) string {
	for _, e := range p.Errors {
		if e.Field == name {
			return e.Message
		}
	}
	return ""
}

// syncBuffer collects log lines written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
