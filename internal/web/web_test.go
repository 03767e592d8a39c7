package web_test

import (
	"bytes"
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
	"github.com/guichet/guichet/internal/web"
)

func TestMain(m *testing.M) { storetest.Main(m) }

const password = "un mot de passe solide"

// fixture is the real workspace over a real, seeded core.Service, with one
// account per role (all with the same password; the agent's made at once, the
// others on first use) and a clock the test moves: Tuesday 24 November 2026,
// 10:00 in Paris.
type fixture struct {
	t     *testing.T
	svc   *core.Service
	h     http.Handler
	logs  *syncBuffer
	mu    sync.Mutex
	now   time.Time
	users map[access.Role]*access.User
}

// each runs fn once per database. It goes through storetest.Backends because the
// workspace's tests may not import the store (archtest).
func each(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := &fixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), logs: &syncBuffer{},
				users: map[access.Role]*access.User{}}
			log := slog.New(slog.NewJSONHandler(f.logs, nil))
			f.svc = core.New(core.Options{Store: b.Open(t), Now: f.clock, Logger: log})
			f.h = web.New(web.Options{Core: f.svc, Logger: log})
			f.seed()
			fn(t, f)
		})
	}
}

func (f *fixture) seed() {
	if err := f.svc.Seed(context.Background()); err != nil {
		f.t.Fatalf("seed: %v", err)
	}
	f.user(access.Agent)
}

// user is a role's account ("agent@region.example"…), made on first use: an
// argon2 hash costs enough, under the race detector, to make only those needed.
func (f *fixture) user(r access.Role) *access.User {
	f.t.Helper()
	if u := f.users[r]; u != nil {
		return u
	}
	in := core.NewUser{Email: string(r) + "@region.example", Name: "Compte " + string(r), Role: string(r),
		Password: password}
	if r == access.Specialist {
		in.TeamID = "travaux"
	}
	u, err := f.svc.AddUser(context.Background(), access.System(), in)
	if err != nil {
		f.t.Fatalf("add %s: %v", r, err)
	}
	f.users[r] = u
	return u
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

// actor is a role's account as core knows it, for setting up data.
func (f *fixture) actor(r access.Role) access.Actor { return f.user(r).Actor() }

// newTicket records a web request through core, as the public form would.
func (f *fixture) newTicket(subject, body string) *ticket.Ticket {
	f.t.Helper()
	tk, _, err := f.svc.CreateTicket(context.Background(), f.actor(access.Agent), core.NewTicket{Channel: "web",
		Subject: subject, Body: body, Topic: "dce", Scope: "own_tender",
		Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}}, "")
	if err != nil {
		f.t.Fatalf("create ticket: %v", err)
	}
	return tk
}

// browser is one visitor: its cookies, as a browser keeps them.
type browser struct {
	f       *fixture
	cookies map[string]*http.Cookie
	header  http.Header // sent with every request
}

func (f *fixture) browser() *browser {
	return &browser{f: f, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

// page is one response, read whole.
type page struct {
	code   int
	body   string
	header http.Header
}

// location is where a redirect goes.
func (p page) location() string { return p.header.Get("Location") }

// text is the body with entities decoded, to look for what a reader sees.
func (p page) text() string { return html.UnescapeString(p.body) }

func (b *browser) do(method, path string, form url.Values) page {
	b.f.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	path, _, _ = strings.Cut(path, "#") // a browser keeps the fragment to itself
	req := httptest.NewRequest(method, path, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range b.header {
		req.Header[k] = v
	}
	for _, c := range b.cookies {
		if strings.HasPrefix(req.URL.Path, c.Path) {
			req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	rec := httptest.NewRecorder()
	b.f.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, c := range res.Cookies() {
		if c.MaxAge < 0 {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return page{code: res.StatusCode, body: rec.Body.String(), header: res.Header}
}

func (b *browser) get(path string) page { return b.do("GET", path, nil) }

func (b *browser) post(path string, form url.Values) page { return b.do("POST", path, form) }

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf is the anti-forgery token of the last form of a page.
func csrf(t *testing.T, p page) string {
	t.Helper()
	m := csrfField.FindAllStringSubmatch(p.body, -1)
	if len(m) == 0 {
		t.Fatalf("no CSRF field in the page (%d):\n%s", p.code, p.body)
	}
	return m[len(m)-1][1]
}

// tryLogin posts the sign-in form as a person would: open it, type, send.
func (b *browser) tryLogin(email, pw string) page {
	b.f.t.Helper()
	form := b.get("/login")
	return b.post("/login", url.Values{"csrf": {csrf(b.f.t, form)}, "email": {email}, "password": {pw},
		"lang": {"fr"}})
}

// signIn signs in as a role's account and returns the inbox page.
func (b *browser) signIn(r access.Role) page {
	b.f.t.Helper()
	b.f.user(r)
	p := b.tryLogin(string(r)+"@region.example", password)
	if p.code != http.StatusSeeOther || p.location() != "/agent" {
		b.f.t.Fatalf("sign-in as %s: %d → %q\n%s", r, p.code, p.location(), p.body)
	}
	return b.get("/agent")
}

// postForm sends a form of the workspace with the page's CSRF token.
func (b *browser) postForm(from page, path string, form url.Values) page {
	b.f.t.Helper()
	form.Set("csrf", csrf(b.f.t, from))
	return b.post(path, form)
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
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

func mustContain(t *testing.T, p page, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(p.text(), w) {
			t.Errorf("page (%d) lacks %q", p.code, w)
		}
	}
	if t.Failed() {
		t.Logf("page:\n%s", p.body)
		t.FailNow()
	}
}
