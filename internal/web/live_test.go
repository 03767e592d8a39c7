package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/web"
)

// eachLive is each with a live broker behind core and the workspace served
// over a real HTTP server (server-sent events need a streaming connection).
func eachLive(t *testing.T, fn func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker), opts ...func(*core.Options)) {
	t.Helper()
	for _, be := range storetest.Backends() {
		t.Run(be.Name, func(t *testing.T) {
			f := &fixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), logs: &syncBuffer{},
				users: map[access.Role]*access.User{}}
			log := slog.New(slog.NewJSONHandler(f.logs, nil))
			b := live.New(live.Options{Logger: log})
			o := core.Options{Store: be.Open(t), Now: f.clock, Logger: log, Live: b}
			for _, opt := range opts {
				opt(&o)
			}
			f.svc = core.New(o)
			f.h = web.New(web.Options{Core: f.svc, Logger: log})
			f.seed()
			srv := httptest.NewServer(f.h)
			t.Cleanup(func() { b.Close(); srv.Close() })
			fn(t, f, srv, b)
		})
	}
}

// sseStream is an open /agent/events stream, read event by event.
type sseStream struct {
	t    *testing.T
	resp *http.Response
	r    *bufio.Reader
}

// openEvents opens the live stream with a browser's session cookie.
func openEvents(t *testing.T, srv *httptest.Server, b *browser) *sseStream {
	t.Helper()
	return openEventsAt(t, srv, b, "")
}

// openEventsAt opens the live stream with a query ("?ticket=7": a ticket page's).
func openEventsAt(t *testing.T, srv *httptest.Server, b *browser, query string) *sseStream {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+"/agent/events"+query, nil)
	for _, c := range b.cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	resp, err := http.DefaultClient.Do(req.WithContext(ctx))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	s := &sseStream{t: t, resp: resp, r: bufio.NewReader(resp.Body)}
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		t.Fatalf("events: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	s.next() // the greeting: once read, the subscription is in place
	return s
}

// next reads one event: its type ("" for a comment) and its data.
func (s *sseStream) next() (typ, data string) {
	s.t.Helper()
	for {
		line, err := s.r.ReadString('\n')
		if err != nil {
			s.t.Fatalf("stream ended: %v", err)
		}
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "":
			return typ, data
		case strings.HasPrefix(line, "event: "):
			typ = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "data: "):
			data = strings.TrimPrefix(line, "data: ")
		}
	}
}

// TestLiveTicketEvents: a signed-in agent's stream hears every request change,
// with the documented JSON, once the change is committed.
func TestLiveTicketEvents(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		br := f.browser()
		br.signIn(access.Agent)
		s := openEvents(t, srv, br)
		tk := f.newTicket("Lot 2", "Le lot 2 est-il réservé ?")
		typ, data := s.next()
		var d map[string]any
		if err := json.Unmarshal([]byte(data), &d); err != nil || typ != "ticket" {
			t.Fatalf("event %q %q", typ, data)
		}
		if d["id"] != float64(tk.ID) || d["number"] != tk.Number || d["team"] != "cellule" || d["kind"] != "created" || len(d) != 4 {
			t.Fatalf("ticket event data %v", d)
		}
		if _, err := f.svc.AddMessage(context.Background(), f.actor(access.Agent), tk.ID,
			core.NewMessage{Kind: "note", Body: "À rappeler"}); err != nil {
			t.Fatal(err)
		}
		if _, data := s.next(); !strings.Contains(data, `"kind":"message"`) {
			t.Fatalf("after a note: %s", data)
		}
	})
}

// TestLiveNeedsSession: the stream is for signed-in agents only.
func TestLiveNeedsSession(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := c.Get(srv.URL + "/agent/events")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode == 200 {
			t.Fatalf("anonymous stream: %d", resp.StatusCode)
		}
	})
}
