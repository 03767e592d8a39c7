package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/api"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// pbxFixture is the real API served over HTTP, with a switchboard registered,
// three agents (201 and 202 in the queue "marches", 301 in "travaux"), a
// company whose contact has the number 04 72 12 34 56, and a clock the test
// moves: Tuesday 24 November 2026, 10:00 in Paris (the cell is open).
type pbxFixture struct {
	t      *testing.T
	svc    *core.Service
	srv    *httptest.Server
	broker *live.Broker
	token  string
	mu     sync.Mutex
	now    time.Time
	agents map[string]*access.User // by extension
}

const caller = "+33472123456"

func eachPBX(t *testing.T, fn func(t *testing.T, f *pbxFixture)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := &pbxFixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), agents: map[string]*access.User{}}
			f.broker = live.New(live.Options{})
			f.svc = core.New(core.Options{Store: b.Open(t), Now: f.clock, Live: f.broker})
			f.srv = httptest.NewServer(api.New(api.Options{Core: f.svc, Logger: slog.New(slog.DiscardHandler)}))
			t.Cleanup(f.srv.Close)
			f.seed()
			fn(t, f)
		})
	}
}

func (f *pbxFixture) seed() {
	ctx := context.Background()
	sys := access.System()
	if err := f.svc.Seed(ctx); err != nil {
		f.t.Fatal(err)
	}
	var err error
	if f.token, err = f.svc.AddPBX(ctx, sys, "Asterisk du siège", ""); err != nil {
		f.t.Fatal(err)
	}
	for ext, queue := range map[string]string{"201": "marches", "202": "marches", "301": "travaux"} {
		u, err := f.svc.AddUser(ctx, sys, core.NewUser{Email: "agent" + ext + "@region.example", Name: "Agent " + ext, Role: "agent"})
		if err != nil {
			f.t.Fatal(err)
		}
		if err := f.svc.SetExtension(ctx, sys, u.Email, ext, []string{queue}); err != nil {
			f.t.Fatal(err)
		}
		f.agents[ext] = u
	}
	_, _, err = f.svc.CreateTicket(ctx, f.agents["201"].Actor(), core.NewTicket{Channel: "web", Subject: "Lot 2",
		Body: "Le lot 2 est-il réservé ?", Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04 72 12 34 56"}}, "")
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *pbxFixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *pbxFixture) advance(d time.Duration) {
	f.mu.Lock()
	f.now = f.now.Add(d)
	f.mu.Unlock()
}

// pbx is a simulated switchboard posting events from one source address.
type pbx struct {
	f      *pbxFixture
	token  string
	client *http.Client
	form   bool // post form-encoded events instead of JSON
}

// switchboard returns a simulated PBX posting from a loopback address (127.0.0.x).
func (f *pbxFixture) switchboard(source string) *pbx {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(source)}}
	return &pbx{f: f, token: f.token, client: &http.Client{Transport: &http.Transport{DialContext: d.DialContext}}}
}

// answer is the webhook's answer.
type answer struct {
	Status    int
	Action    string `json:"action"`
	Duplicate bool   `json:"duplicate"`
	ID        int64  `json:"id"`
	Result    string `json:"result"`
	Duration  int    `json:"duration_seconds"`
	TicketID  *int64 `json:"ticket_id"`
	Problem   struct {
		Detail string `json:"detail"`
		Errors []struct{ Field, Message string }
	}
	RetryAfter string
}

// send posts one event ("event=new_call call_id=c1 …", at = now on the clock).
func (p *pbx) send(fields string) answer {
	p.f.t.Helper()
	v := url.Values{}
	for _, kv := range strings.Fields(fields) {
		k, val, _ := strings.Cut(kv, "=")
		if k == "from" || k == "to" {
			val = strings.ReplaceAll(val, "_", " ") // "04_72_12_34_56" is typed with spaces
		}
		v.Set(k, val)
	}
	if v.Get("at") == "" {
		v.Set("at", p.f.clock().Format(time.RFC3339))
	}
	var body io.Reader
	req, _ := http.NewRequest("POST", p.f.srv.URL+"/api/v1/telephony/events", nil)
	if p.form {
		body = strings.NewReader(v.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		m := map[string]string{}
		for k := range v {
			m[k] = v.Get(k)
		}
		b, _ := json.Marshal(m)
		body = strings.NewReader(string(b))
		req.Header.Set("Content-Type", "application/json")
	}
	req.Body = io.NopCloser(body)
	if p.token != "" {
		req.Header.Set("Authorization", "Bearer "+p.token)
	}
	resp, err := p.client.Do(req)
	if err != nil {
		p.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	vr := httptest.NewRequest("POST", "/api/v1/telephony/events", nil)
	vr.Header.Set("Content-Type", req.Header.Get("Content-Type"))
	validateResponse(p.f.t, vr, reply{Status: resp.StatusCode, Header: resp.Header, Body: raw})
	a := answer{Status: resp.StatusCode, RetryAfter: resp.Header.Get("Retry-After")}
	if resp.StatusCode == 200 {
		json.Unmarshal(raw, &a)
	} else {
		json.Unmarshal(raw, &a.Problem)
		if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
			p.f.t.Errorf("error %d with %s", resp.StatusCode, ct)
		}
	}
	return a
}

func (p *pbx) ok(fields string) answer {
	p.f.t.Helper()
	a := p.send(fields)
	if a.Status != 200 {
		p.f.t.Fatalf("%s → %d %+v", fields, a.Status, a.Problem)
	}
	return a
}

// calls reads the call log through core.
func (f *pbxFixture) calls(q core.CallQuery) []callView {
	f.t.Helper()
	q.Limit = 200
	page, err := f.svc.Calls(context.Background(), access.System(), q)
	if err != nil {
		f.t.Fatal(err)
	}
	var out []callView
	for _, c := range page.Calls {
		out = append(out, callView{c.CallID, string(c.Result), c.Agent, int(c.Duration() / time.Second), c.TicketID, c.Transfers})
	}
	return out
}

type callView struct {
	CallID    string
	Result    string
	Agent     int64
	Seconds   int
	TicketID  int64
	Transfers int
}

func (f *pbxFixture) call(id string) callView {
	f.t.Helper()
	for _, c := range f.calls(core.CallQuery{}) {
		if c.CallID == id {
			return c
		}
	}
	f.t.Fatalf("call %s not in the log", id)
	return callView{}
}

func (f *pbxFixture) tickets() []*ticket.Ticket {
	f.t.Helper()
	pg, err := f.svc.Tickets(context.Background(), access.System(), ticket.Filter{Limit: ticket.MaxLimit})
	if err != nil {
		f.t.Fatal(err)
	}
	return pg.Items
}

// pops collects the "call" events a user's screen receives.
func (f *pbxFixture) pops(ext string) func() []core.CallPop {
	sub := f.broker.Subscribe(f.agents[ext].ID)
	f.t.Cleanup(sub.Close)
	return func() []core.CallPop {
		var out []core.CallPop
		for {
			select {
			case e := <-sub.C:
				if e.Type == live.TypeCall {
					var p core.CallPop
					json.Unmarshal(e.Data, &p)
					out = append(out, p)
				}
			default:
				return out
			}
		}
	}
}

func events(pops []core.CallPop) string {
	var s []string
	for _, p := range pops {
		s = append(s, p.Event)
	}
	return strings.Join(s, ",")
}

func TestAnsweredCall(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		a201, a202, a301 := f.pops("201"), f.pops("202"), f.pops("301")
		if r := p.ok("event=new_call call_id=c1 from=04_72_12_34_56 to=+33400000000 queue=marches"); r.Result != "ringing" || r.Action != "accept" {
			t.Fatalf("new_call: %+v", r)
		}
		f.advance(12 * time.Second)
		p.ok("event=answered call_id=c1 extension=201")
		f.advance(3 * time.Minute)
		r := p.ok("event=hangup call_id=c1 cause=normal")
		if r.Result != "answered" || r.Duration != 180 || r.TicketID != nil {
			t.Fatalf("hangup: %+v", r)
		}
		if c := f.call("c1"); c.Agent != f.agents["201"].ID || c.Seconds != 180 {
			t.Fatalf("log: %+v", c)
		}
		got := a201()
		if events(got) != "ringing,answered,ended" || got[0].Display != "04 72 12 34 56" {
			t.Fatalf("agent 201 saw %+v", got)
		}
		started := f.clock().Add(-3 * time.Minute).Unix()
		want := fmt.Sprintf("/agent/appel?call_id=%d&phone=%%2B33472123456&started=%d", got[0].ID, started)
		if got[1].Open != want {
			t.Fatalf("answered opens %q, want %q", got[1].Open, want)
		}
		if e := events(a202()); e != "ringing,taken,ended" {
			t.Fatalf("agent 202 (same queue) saw %s", e)
		}
		if e := events(a301()); e != "" {
			t.Fatalf("agent 301 (another queue) saw %s", e)
		}
	})
}

func TestMissedCallsMakeOneCallback(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		before := len(f.tickets())
		p.ok("event=new_call call_id=m1 from=04_72_12_34_56 queue=marches")
		f.advance(40 * time.Second)
		r := p.ok("event=hangup call_id=m1 cause=no_answer")
		if r.Result != "no_answer" || r.TicketID == nil {
			t.Fatalf("missed call: %+v", r)
		}
		id := *r.TicketID
		tk, err := f.svc.Ticket(context.Background(), access.System(), id)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Channel != ticket.Phone || tk.State != ticket.New || !strings.HasPrefix(tk.Subject, "Rappel") ||
			tk.Company == nil || tk.Company.SIRET != "44306184100047" || !tk.FirstResponseAt.IsZero() {
			t.Fatalf("callback request: %+v", tk)
		}
		// The same caller, written otherwise by the switchboard, abandons twice in the queue.
		for i, from := range []string{"04.72.12.34.56", "0033472123456"} {
			f.advance(20 * time.Minute)
			cid := fmt.Sprintf("m%d", i+2)
			p.ok("event=new_call call_id=" + cid + " from=" + from + " queue=marches")
			if r := p.ok("event=hangup call_id=" + cid + " cause=cancelled"); r.TicketID == nil || *r.TicketID != id || r.Result != "abandoned" {
				t.Fatalf("second missed call: %+v (callback %d)", r, id)
			}
		}
		if n := len(f.tickets()); n != before+1 {
			t.Fatalf("%d requests for three missed calls of one caller", n-before)
		}
		msgs, _ := f.svc.Messages(context.Background(), access.System(), id)
		if len(msgs) != 3 || !strings.Contains(msgs[2].Body, "3e appel manqué") {
			t.Fatalf("messages: %+v", msgs)
		}
		// The request cannot be resolved before the caller is reached…
		agent := f.agents["201"].Actor()
		resolve := ticket.Update{State: ptr(ticket.Resolved), Outcome: ptr(ticket.Outcome("answered_by_cell"))}
		cur, _ := f.svc.Ticket(context.Background(), agent, id)
		_, err = f.svc.UpdateTicket(context.Background(), agent, id, resolve, cur.Version)
		if err == nil || !strings.Contains(err.Error(), "rappel") {
			t.Fatalf("a callback was resolved before the caller was reached: %v", err)
		}
		// …a failed attempt is logged and keeps it open, a successful one settles it.
		if err := f.svc.LogCallback(context.Background(), agent, id, core.CallbackAttempt{Note: "messagerie"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.LogCallback(context.Background(), agent, id, core.CallbackAttempt{Reached: true, Seconds: 240}); err != nil {
			t.Fatal(err)
		}
		cb, _, _ := f.svc.Callback(context.Background(), agent, id)
		if cb.Attempts != 2 || cb.Open || cb.ReachedAt.IsZero() || cb.MissedCalls != 3 {
			t.Fatalf("callback: %+v", cb)
		}
		cur, _ = f.svc.Ticket(context.Background(), agent, id)
		if _, err := f.svc.UpdateTicket(context.Background(), agent, id, resolve, cur.Version); err != nil {
			t.Fatalf("resolving a callback once the caller was reached: %v", err)
		}
		// A new missed call now opens a new callback.
		f.advance(time.Hour)
		p.ok("event=new_call call_id=m9 from=+33472123456")
		if r := p.ok("event=hangup call_id=m9 cause=busy"); r.TicketID == nil || *r.TicketID == id {
			t.Fatalf("after the callback was settled: %+v", r)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestTransferBetweenTwoAgents(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		a202 := f.pops("202")
		p.ok("event=new_call call_id=t1 from=+33472123456 queue=marches")
		f.advance(10 * time.Second)
		p.ok("event=answered call_id=t1 extension=201")
		f.advance(time.Minute)
		p.ok("event=answered call_id=t1 user=agent202@region.example extension=202")
		f.advance(4 * time.Minute)
		p.ok("event=hangup call_id=t1 cause=normal")
		c := f.call("t1")
		if c.Agent != f.agents["202"].ID || c.Transfers != 1 || c.Seconds != 300 || c.Result != "answered" || c.TicketID != 0 {
			t.Fatalf("transferred call: %+v", c)
		}
		got := a202()
		if events(got) != "ringing,taken,answered,ended" || got[2].Open == "" {
			t.Fatalf("the second agent saw %+v", got)
		}
	})
}

// TestDuplicatedAndReorderedEvents: a switchboard that repeats and reorders its
// events (a retry after a timeout, two HTTP connections) gives the same call log
// as one that does not.
func TestDuplicatedAndReorderedEvents(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		t0 := f.clock()
		at := func(sec int) string { return t0.Add(time.Duration(sec) * time.Second).Format(time.RFC3339) }
		// Answered call: hangup before answered, everything twice.
		seq := []string{
			"event=hangup call_id=r1 cause=normal at=" + at(200), // unknown yet: refused, the PBX retries later
			"event=new_call call_id=r1 from=04_72_12_34_56 queue=marches at=" + at(0),
			"event=new_call call_id=r1 from=04_72_12_34_56 queue=marches at=" + at(0),
			"event=hangup call_id=r1 cause=normal at=" + at(200),
			"event=answered call_id=r1 extension=201 at=" + at(20),
			"event=hangup call_id=r1 cause=normal at=" + at(200),
			"event=answered call_id=r1 extension=201 at=" + at(20),
		}
		var dup int
		for i, s := range seq {
			a := p.send(s)
			if i == 0 {
				if a.Status != 404 || !strings.Contains(a.Problem.Detail, "Appel inconnu") {
					t.Fatalf("hangup of an unknown call: %+v", a)
				}
				continue
			}
			if a.Status != 200 {
				t.Fatalf("%s → %+v", s, a)
			}
			if a.Duplicate {
				dup++
			}
		}
		c := f.call("r1")
		if dup != 3 || c.Result != "answered" || c.Agent != f.agents["201"].ID || c.Seconds != 180 {
			t.Fatalf("reordered answered call: %+v (duplicates %d)", c, dup)
		}
		// The queued call hung up "normal" before its answer looked abandoned and
		// made a callback; the late answer settled it, with a note saying so.
		cb, found, _ := f.svc.Callback(context.Background(), access.System(), c.TicketID)
		if !found || cb.Open || cb.ReachedAt.IsZero() {
			t.Fatalf("the callback of a call answered late is not settled: %+v", cb)
		}
		msgs, _ := f.svc.Messages(context.Background(), access.System(), c.TicketID)
		if last := msgs[len(msgs)-1].Body; !strings.Contains(last, "décroché par Agent 201") {
			t.Fatalf("late answer note: %q", last)
		}
		// Missed call: answered never comes, the hangup is repeated: one callback.
		before := len(f.tickets())
		p.ok("event=new_call call_id=r2 from=+33472999999 at=" + at(300))
		first := p.ok("event=hangup call_id=r2 cause=no_answer at=" + at(330))
		again := p.ok("event=hangup call_id=r2 cause=no_answer at=" + at(330))
		if !again.Duplicate || first.TicketID == nil || again.TicketID == nil || *again.TicketID != *first.TicketID ||
			len(f.tickets()) != before+1 {
			t.Fatalf("repeated hangup: %+v then %+v", first, again)
		}
	})
}

// TestBurstOf200Calls: 200 calls in one minute, ten at a time, from 200
// numbers, a quarter missed by ten callers: every event is taken, the log holds
// 200 calls, and each caller who was missed has exactly one callback.
func TestBurstOf200Calls(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		before := len(f.tickets())
		for batch := range 20 {
			var wg sync.WaitGroup
			for j := range 10 {
				i := batch*10 + j
				wg.Go(func() {
					id := fmt.Sprintf("b%03d", i)
					from := fmt.Sprintf("+3347800%04d", i)
					if i%4 == 0 {
						from = fmt.Sprintf("+3347899%04d", i%10) // ten callers who try again and again
					}
					for _, s := range burstCall(id, from, i) {
						if a := p.send(s); a.Status != 200 {
							t.Errorf("%s → %d %+v", s, a.Status, a.Problem)
						}
					}
				})
			}
			wg.Wait()
			f.advance(3 * time.Second)
		}
		calls := f.calls(core.CallQuery{})
		missed := map[int64]bool{}
		for _, c := range calls {
			if c.Result == "no_answer" {
				missed[c.TicketID] = true
			}
		}
		if len(calls) != 200 || len(missed) != 5 || missed[0] || len(f.tickets()) != before+5 {
			// i%4 == 0 and i%10 → the five even callers 0, 2, 4, 6, 8
			t.Fatalf("%d calls, callbacks %v, %d new requests", len(calls), missed, len(f.tickets())-before)
		}
	})
}

// burstCall is one call of the burst: missed when i%4 == 0, else answered.
func burstCall(id, from string, i int) []string {
	if i%4 == 0 {
		return []string{"event=new_call call_id=" + id + " from=" + from + " queue=marches",
			"event=hangup call_id=" + id + " cause=no_answer"}
	}
	ext := []string{"201", "202"}[i%2]
	return []string{"event=new_call call_id=" + id + " from=" + from + " queue=marches",
		"event=answered call_id=" + id + " extension=" + ext, "event=hangup call_id=" + id + " cause=normal"}
}

func TestFrenchWrittenFormsMatchOneContact(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		p.form = true // and form-encoded, as Asterisk's CURL posts
		forms := []string{"04 72 12 34 56", "04.72.12.34.56", "04/72/12/34/56", "04-72-12-34-56", "+33 4 72 12 34 56",
			"+33 (0)4 72 12 34 56", "0033472123456", "0472123456", "04 72 12 34 56 poste 12"}
		var ticketID int64
		for i, form := range forms {
			id := fmt.Sprintf("f%d", i)
			p.ok("event=new_call call_id=" + id + " from=" + strings.ReplaceAll(form, " ", "_"))
			r := p.ok("event=hangup call_id=" + id + " cause=voicemail")
			if r.TicketID == nil || (ticketID != 0 && *r.TicketID != ticketID) {
				t.Fatalf("%q: %+v", form, r)
			}
			ticketID = *r.TicketID
			cs, _, err := f.svc.Companies(context.Background(), access.System(), core.CompanyQuery{Text: form})
			if err != nil || len(cs) != 1 || cs[0].SIRET != "44306184100047" {
				t.Fatalf("company picker with %q: %v %v", form, cs, err)
			}
		}
		tk, _ := f.svc.Ticket(context.Background(), access.System(), ticketID)
		if tk.Company == nil || tk.Company.SIRET != "44306184100047" || tk.Contact == nil || tk.Contact.Name != "Anne Dupont" {
			t.Fatalf("callback of a known caller: %+v", tk)
		}
	})
}

func TestBlockedNumberIsRejected(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		a201 := f.pops("201")
		if _, err := f.svc.BlockNumber(context.Background(), access.System(), "06 12 34 56 78", "appels injurieux"); err != nil {
			t.Fatal(err)
		}
		before := len(f.tickets())
		r := p.ok("event=new_call call_id=x1 from=+33612345678 queue=marches")
		if r.Action != "reject" || r.Result != "blocked" {
			t.Fatalf("blocked caller: %+v", r)
		}
		if r := p.ok("event=hangup call_id=x1 cause=no_answer"); r.TicketID != nil || r.Action != "reject" {
			t.Fatalf("blocked caller's hangup: %+v", r)
		}
		if len(f.tickets()) != before || len(a201()) != 0 {
			t.Fatal("a blocked number made a request or a screen pop")
		}
	})
}

func TestWebhookBadInput(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		cases := []struct {
			token, event string
			status       int
			field        string
		}{
			{"", "event=new_call call_id=e1 from=+33472123456", 401, ""},
			{"pbx_faux", "event=new_call call_id=e1 from=+33472123456", 401, ""},
			{f.token, "event=ringing call_id=e1 from=+33472123456", 422, "event"},
			{f.token, "event=new_call call_id=e1 from=bonjour", 422, "from"},
			{f.token, "event=new_call call_id=e1 from=04_72_12_34", 422, "from"},
			{f.token, "event=new_call from=+33472123456", 422, "call_id"},
			{f.token, "event=new_call call_id=e1 from=+33472123456 direction=sideways", 422, "direction"},
			{f.token, "event=hangup call_id=e1 cause=congestion", 422, "cause"},
			{f.token, "event=new_call call_id=e1 from=+33472123456 at=hier", 422, "at"},
			{f.token, "event=answered call_id=e1 user=inconnu@region.example", 422, "user"},
			{f.token, "event=hangup call_id=jamais-vu cause=normal", 404, ""},
		}
		for _, c := range cases {
			p.token = c.token
			a := p.send(c.event)
			field := ""
			if len(a.Problem.Errors) > 0 {
				field = a.Problem.Errors[0].Field
			}
			if a.Status != c.status || field != c.field {
				t.Errorf("%q with token %q: %d %+v", c.event, c.token, a.Status, a.Problem)
			}
		}
		if n := len(f.calls(core.CallQuery{})); n != 0 {
			t.Fatalf("refused events wrote %d calls", n)
		}
		// A switchboard allowed only from its network is refused elsewhere.
		tok, err := f.svc.AddPBX(context.Background(), access.System(), "3CX agence", "10.20.0.0/16")
		if err != nil {
			t.Fatal(err)
		}
		p.token = tok
		if a := p.send("event=new_call call_id=e2 from=+33472123456"); a.Status != 403 {
			t.Fatalf("from outside the allowlist: %+v", a)
		}
		if _, err := f.svc.AddPBX(context.Background(), access.System(), "autre", "10.0.0.300/8"); err == nil {
			t.Fatal("a malformed network was accepted")
		}
	})
}

// TestFloodIsRateLimited: one source flooding the webhook is refused with 429
// past its burst, while another switchboard's events all go through; once the
// clock moves, the flooding source is served again.
func TestFloodIsRateLimited(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		flood, good := f.switchboard("127.0.0.2"), f.switchboard("127.0.0.1")
		flood.token = "pbx_faux"
		var limited, legit int
		for i := range 400 {
			a := flood.send(fmt.Sprintf("event=new_call call_id=z%d from=+33472123456", i))
			if a.Status == 429 {
				limited++
				if a.RetryAfter == "" {
					t.Fatal("429 without Retry-After")
				}
			}
			if i%20 == 0 {
				id := fmt.Sprintf("g%d", i)
				good.ok("event=new_call call_id=" + id + " from=+33472123456 queue=marches")
				good.ok("event=hangup call_id=" + id + " cause=normal")
				legit++
			}
		}
		if limited != 100 {
			t.Fatalf("%d of 400 flooding events refused, want 100 (burst 300)", limited)
		}
		if n := len(f.calls(core.CallQuery{})); n != legit {
			t.Fatalf("%d legitimate calls logged, want %d", n, legit)
		}
		f.advance(time.Second)
		if a := flood.send("event=new_call call_id=z-late from=+33472123456"); a.Status != 401 {
			t.Fatalf("after a second the source is heard again (and its bad token refused): %d", a.Status)
		}
	})
}

// TestCallOutsideOpeningHours: a call at 20:00, answered by the switchboard's
// "closed" message and hung up normally, is still a callback to make.
func TestCallOutsideOpeningHours(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		f.advance(10 * time.Hour) // 20:00 in Paris
		p.ok("event=new_call call_id=n1 from=04_72_12_34_56 queue=marches")
		f.advance(20 * time.Second)
		r := p.ok("event=hangup call_id=n1 cause=normal")
		if r.Result != "closed" || r.TicketID == nil {
			t.Fatalf("call while the cell is closed: %+v", r)
		}
		msgs, _ := f.svc.Messages(context.Background(), access.System(), *r.TicketID)
		if len(msgs) != 1 || !strings.Contains(msgs[0].Body, "en dehors des heures d'ouverture") {
			t.Fatalf("callback message: %+v", msgs)
		}
	})
}

// TestConcurrentEventsOfOneCall: a switchboard posting a call's events on
// several connections at once (answered and hangup racing, each twice) loses
// none of them.
func TestConcurrentEventsOfOneCall(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		t0 := f.clock()
		at := func(sec int) string { return t0.Add(time.Duration(sec) * time.Second).Format(time.RFC3339) }
		var wg sync.WaitGroup
		for i := range 20 {
			id := fmt.Sprintf("k%02d", i)
			p.ok("event=new_call call_id=" + id + " from=+33472123456 queue=marches at=" + at(0))
			for _, s := range []string{"event=answered call_id=" + id + " extension=201 at=" + at(10),
				"event=hangup call_id=" + id + " cause=normal at=" + at(70)} {
				for range 2 {
					wg.Go(func() {
						if a := p.send(s); a.Status != 200 {
							t.Errorf("%s → %d %+v", s, a.Status, a.Problem)
						}
					})
				}
			}
		}
		wg.Wait()
		for _, c := range f.calls(core.CallQuery{}) {
			if c.Result != "answered" || c.Agent != f.agents["201"].ID || c.Seconds != 60 {
				t.Errorf("call %s after racing events: %+v", c.CallID, c)
			}
		}
	})
}

// TestCallOnAnAdminHoliday: the "outside opening hours" of a missed call come
// from the calendar the administrator saved (/agent/admin/routage), not the
// default one: a Tuesday at 10:00 made a day off is closed.
func TestCallOnAnAdminHoliday(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		ctx := context.Background()
		p := f.switchboard("127.0.0.1")
		p.ok("event=new_call call_id=h0 from=+33472000001 queue=marches")
		if r := p.ok("event=hangup call_id=h0 cause=no_answer"); r.Result != "no_answer" {
			t.Fatalf("before the holiday, Tuesday 10:00 is open: %+v", r)
		}
		admin, err := f.svc.AddUser(ctx, access.System(), core.NewUser{Email: "admin@region.example", Name: "Admin", Role: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := f.svc.RoutingConfig(ctx, admin.Actor())
		if err != nil {
			t.Fatal(err)
		}
		cal := cfg.Calendar
		cal.ExtraHolidays = append(cal.ExtraHolidays, sla.Date{Year: 2026, Month: time.November, Day: 24})
		if err := f.svc.SaveCalendar(ctx, admin.Actor(), cal); err != nil {
			t.Fatal(err)
		}
		f.advance(10 * time.Minute)
		p.ok("event=new_call call_id=h1 from=04_72_12_34_56 queue=marches")
		r := p.ok("event=hangup call_id=h1 cause=normal")
		if r.Result != "closed" || r.TicketID == nil {
			t.Fatalf("a call on the day off the admin added: %+v", r)
		}
		msgs, _ := f.svc.Messages(ctx, access.System(), *r.TicketID)
		if !strings.Contains(msgs[0].Body, "en dehors des heures d'ouverture") {
			t.Fatalf("callback message: %q", msgs[0].Body)
		}
	})
}

// TestMissedCallsWindow: missed calls of one caller join its open callback only
// within the grouping window (two hours by default) of the last one; a burst
// inside the window stays one request; past it, a new request names the old
// one, which still has to be settled; an admin may change the window.
func TestMissedCallsWindow(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		ctx := context.Background()
		p := f.switchboard("127.0.0.1")
		miss := func(id string) int64 {
			t.Helper()
			p.ok("event=new_call call_id=" + id + " from=04_72_12_34_56 queue=marches")
			r := p.ok("event=hangup call_id=" + id + " cause=no_answer")
			if r.TicketID == nil {
				t.Fatalf("missed call %s made no callback", id)
			}
			return *r.TicketID
		}
		first := miss("w1")
		for i := range 5 { // a burst: five more within minutes
			f.advance(time.Minute)
			if id := miss(fmt.Sprintf("w1-%d", i)); id != first {
				t.Fatalf("burst call %d made request %d, not %d", i, id, first)
			}
		}
		f.advance(2 * time.Hour) // exactly the window after the last missed call: still the same request
		if id := miss("w2"); id != first {
			t.Fatalf("at the window's edge: request %d, not %d", id, first)
		}
		f.advance(2*time.Hour + time.Minute) // past the window
		second := miss("w3")
		if second == first {
			t.Fatal("a missed call past the window joined the old callback")
		}
		msgs, _ := f.svc.Messages(ctx, access.System(), second)
		old, _ := f.svc.Ticket(ctx, access.System(), first)
		if !strings.Contains(msgs[0].Body, "encore ouvert : demande "+old.Number) {
			t.Fatalf("the new callback does not name the open one: %q", msgs[0].Body)
		}
		cb, _, _ := f.svc.Callback(ctx, access.System(), first)
		if !cb.Open || !cb.Superseded || cb.MissedCalls != 7 {
			t.Fatalf("the old callback: %+v", cb)
		}
		agent := f.agents["201"].Actor()
		resolve := ticket.Update{State: ptr(ticket.Resolved), Outcome: ptr(ticket.Outcome("answered_by_cell"))}
		if _, err := f.svc.UpdateTicket(ctx, agent, first, resolve, old.Version); err == nil {
			t.Fatal("the superseded callback was resolved before the caller was reached")
		}
		if err := f.svc.LogCallback(ctx, agent, first, core.CallbackAttempt{GiveUp: true, Note: "doublon du rappel suivant"}); err != nil {
			t.Fatal(err)
		}
		f.advance(10 * time.Minute)
		if id := miss("w4"); id != second {
			t.Fatalf("within the window of the new callback: %d, not %d", id, second)
		}
		// An admin widens the window to a day: a call 20 hours later joins.
		if err := f.svc.SaveCallbackWindow(ctx, access.System(), "1440"); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SaveCallbackWindow(ctx, access.System(), "deux heures"); !errs.Is(err, errs.Invalid) ||
			!strings.Contains(err.Error(), "minutes") {
			t.Fatalf("a window in words: %v", err)
		}
		f.advance(20 * time.Hour)
		if id := miss("w5"); id != second {
			t.Fatalf("with a one-day window: %d, not %d", id, second)
		}
	})
}

// TestNormalHangupInQueue: a caller who hangs up in the voice menu, reported
// "normal" by the switchboard without an answer, gets a callback; a direct
// line's "normal" hangup without an answer event is an answered call.
func TestNormalHangupInQueue(t *testing.T) {
	eachPBX(t, func(t *testing.T, f *pbxFixture) {
		p := f.switchboard("127.0.0.1")
		p.ok("event=new_call call_id=q1 from=+33472000002 queue=marches")
		if r := p.ok("event=hangup call_id=q1 cause=normal"); r.Result != "abandoned" || r.TicketID == nil {
			t.Fatalf("queued call hung up in the menu: %+v", r)
		}
		p.ok("event=new_call call_id=q2 from=+33472000003")
		f.advance(time.Minute)
		if r := p.ok("event=hangup call_id=q2 cause=normal"); r.Result != "answered" || r.TicketID != nil {
			t.Fatalf("direct-line call: %+v", r)
		}
	})
}
