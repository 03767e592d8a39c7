package portal_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
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
	"github.com/guichet/guichet/internal/portal"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// fixture is the portal over a real, seeded core.Service with an agent, and
// a clock the test moves: Tuesday 24 November 2026, 10:00 in Paris.
type fixture struct {
	t     *testing.T
	svc   *core.Service
	h     http.Handler
	agent access.Actor
	mu    sync.Mutex
	now   time.Time
}

// each runs fn once per database (through storetest.Backends: the portal's
// tests may not import the store, as archtest checks).
func each(t *testing.T, allSIRET bool, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := &fixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)}
			f.svc = core.New(core.Options{Store: b.Open(t), Now: f.clock, PortalAllSIRET: allSIRET})
			f.h = portal.New(portal.Options{Core: f.svc, BaseURL: "http://guichet.test"})
			ctx := context.Background()
			if err := f.svc.Seed(ctx); err != nil {
				t.Fatal(err)
			}
			u, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: "agent@region.example", Name: "Claire", Role: "agent"})
			if err != nil {
				t.Fatal(err)
			}
			f.agent = u.Actor()
			fn(t, f)
		})
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

// do sends a request to the portal as from ip, with the portal cookie if any.
func (f *fixture) do(req *http.Request, cookie string) *httptest.ResponseRecorder {
	if cookie != "" {
		req.AddCookie(&http.Cookie{Name: "guichet_suivi", Value: cookie})
	}
	if req.RemoteAddr == "" || req.RemoteAddr == "192.0.2.1:1234" {
		req.RemoteAddr = "203.0.113.7:5555"
	}
	w := httptest.NewRecorder()
	f.h.ServeHTTP(w, req)
	return w
}

func (f *fixture) get(path, cookie string) *httptest.ResponseRecorder {
	return f.do(httptest.NewRequest("GET", path, nil), cookie)
}

func (f *fixture) postForm(path string, v url.Values, cookie string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(req, cookie)
}

// upFile is a file to post.
type upFile struct {
	name string
	data []byte
}

// multipartRequest is a post of the question form with these fields.
func multipartRequest(fields [][2]string) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range fields {
		mw.WriteField(kv[0], kv[1])
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/question", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

// postMultipart posts fields (in order, as a browser sends them) and files.
func (f *fixture) postMultipart(path string, fields [][2]string, files []upFile, cookie, ip string) *httptest.ResponseRecorder {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, kv := range fields {
		mw.WriteField(kv[0], kv[1])
	}
	for _, fl := range files {
		w, _ := mw.CreateFormFile("attachments", fl.name)
		w.Write(fl.data)
	}
	mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if ip != "" {
		req.RemoteAddr = ip + ":4000"
	}
	return f.do(req, cookie)
}

var startedRe = regexp.MustCompile(`name="started" value="([^"]+)"`)
var keptRe = regexp.MustCompile(`name="kept" value="([^"]+)"`)

// openForm shows the question form and returns its signed start time.
func (f *fixture) openForm() string {
	f.t.Helper()
	w := f.get("/question", "")
	m := startedRe.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		f.t.Fatalf("question form: %d %s", w.Code, w.Body.String())
	}
	return m[1]
}

// question is a complete, valid submission.
func question(started string) [][2]string {
	return [][2]string{{"started", started}, {"site_web", ""}, {"siret", "443 061 841 00047"},
		{"company_name", "Menuiserie Dupont"}, {"contact_name", "Anne Dupont"}, {"email", "anne@dupont.example"},
		{"phone", "04 72 00 00 00"}, {"consultation_q", ""}, {"consultation_ref", ""}, {"topic", "allotissement"},
		{"subject", "Question sur le lot 2"}, {"body", "Peut-on répondre à un seul lot ?"}, {"op", "send"}}
}

func set(fields [][2]string, name, value string) [][2]string {
	out := append([][2]string{}, fields...)
	for i := range out {
		if out[i][0] == name {
			out[i][1] = value
			return out
		}
	}
	return append(out, [2]string{name, value})
}

// tickets lists every request, as an agent sees them.
func (f *fixture) tickets() []*ticket.Ticket {
	f.t.Helper()
	page, err := f.svc.Tickets(context.Background(), f.agent, ticket.Filter{Limit: 100})
	if err != nil {
		f.t.Fatal(err)
	}
	return page.Items
}

// pdf is the smallest content the type detector takes for a PDF.
var pdf = []byte("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

// exe is the start of a Windows program.
func exe() []byte {
	b := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), make([]byte, 200)...)
	copy(b[60:], []byte{0x80, 0, 0, 0})
	copy(b[0x80:], []byte("PE\x00\x00"))
	return b
}

func body(w *httptest.ResponseRecorder) string { return w.Body.String() }

func mustContain(t *testing.T, what, page string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(page, p) {
			t.Errorf("%s: missing %q in:\n%s", what, p, page)
		}
	}
}

func sprint(v ...any) string { return fmt.Sprint(v...) }

var _ = io.EOF

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

func csrfOf(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	m := csrfRe.FindStringSubmatch(w.Body.String())
	if w.Code != 200 || m == nil {
		t.Fatalf("no CSRF token: %d %s", w.Code, w.Body.String())
	}
	return m[1]
}

// httptestCookie is an agent's session cookie: it must open nothing here.
var httptestCookie = http.Cookie{Name: "guichet_session", Value: "agent-session"}
