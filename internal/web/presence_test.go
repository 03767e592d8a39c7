package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/live"
)

// TestPresenceWarnsTheColleaguesOnTheRequest: an agent typing in a request's
// reply box is announced, with its name, on the streams of the other agents'
// pages of that request, and nowhere else; nothing is stored.
func TestPresenceWarnsTheColleaguesOnTheRequest(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		tk, other := f.newTicket("Lot 2", "Le lot 2 est-il réservé ?"), f.newTicket("Lot 3", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		typist, colleague := f.browser(), f.browser()
		typist.signIn(access.Agent)
		colleague.signIn(access.Supervisor)
		watching := openEventsAt(t, srv, colleague, "?ticket="+itoa(tk.ID))
		elsewhere := openEventsAt(t, srv, colleague, "?ticket="+itoa(other.ID))
		inbox := openEvents(t, srv, colleague)
		own := openEventsAt(t, srv, typist, "?ticket="+itoa(tk.ID))
		history := func() int {
			h, err := f.svc.History(context.Background(), f.actor(access.Agent), tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := f.svc.Messages(context.Background(), f.actor(access.Agent), tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			return len(h) + len(msgs)
		}
		before := history()

		p := typist.get(path)
		if r := typist.postForm(p, path+"/presence", url.Values{"box": {"reply"}, "state": {"typing"}}); r.code != http.StatusNoContent {
			t.Fatalf("presence: %d\n%s", r.code, r.body)
		}
		typ, data := watching.next()
		var d live.PresenceData
		if err := json.Unmarshal([]byte(data), &d); err != nil || typ != "presence" {
			t.Fatalf("event %q %q", typ, data)
		}
		if d != (live.PresenceData{Ticket: tk.ID, User: f.user(access.Agent).ID, Name: "Compte agent", Box: "reply", Typing: true, TTL: 30}) {
			t.Fatalf("presence data %+v", d)
		}
		if r := typist.postForm(p, path+"/presence", url.Values{"box": {"reply"}, "state": {"stopped"}}); r.code != http.StatusNoContent {
			t.Fatalf("stopped: %d", r.code)
		}
		if _, data := watching.next(); json.Unmarshal([]byte(data), &d) != nil || d.Typing {
			t.Fatalf("after stopped: %s", data)
		}
		// The others hear the next change of a request, not the presence before it.
		f.newTicket("Lot 4", "Bonjour")
		for name, s := range map[string]*sseStream{"another request's page": elsewhere, "the inbox": inbox, "the typist's own page": own} {
			if typ, data := s.next(); typ != "ticket" {
				t.Errorf("%s heard %s %s", name, typ, data)
			}
		}
		if after := history(); after != before {
			t.Fatalf("presence was stored: %d entries of history and messages, %d before", after, before)
		}
	})
}

// TestPresenceRefusals: a presence post needs the CSRF token, a role that may
// write in that box on that request (a refusal is audited like any other), and
// a known box and state.
func TestPresenceRefusals(t *testing.T) {
	eachLive(t, func(t *testing.T, f *fixture, srv *httptest.Server, b *live.Broker) {
		tk := f.newTicket("Lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		agent := f.browser()
		agent.signIn(access.Agent)
		watching := openEventsAt(t, srv, agent, "?ticket="+itoa(tk.ID))

		forged := f.browser()
		forged.signIn(access.Supervisor)
		if r := forged.post(path+"/presence", url.Values{"box": {"reply"}, "state": {"typing"}}); r.code != http.StatusForbidden {
			t.Errorf("presence without the token: %d", r.code)
		}
		if r := forged.post(path+"/presence", url.Values{"box": {"reply"}, "state": {"typing"}, "csrf": {"faux"}}); r.code != http.StatusForbidden {
			t.Errorf("presence with a wrong token: %d", r.code)
		}
		for _, role := range []access.Role{access.Viewer, access.Specialist} { // the specialist is of another service
			br := f.browser()
			br.signIn(role)
			p := br.get(path)
			for _, box := range []string{"reply", "note"} {
				if r := br.postForm(p, path+"/presence", url.Values{"box": {box}, "state": {"typing"}}); r.code != http.StatusForbidden {
					t.Errorf("%s's presence in %s: %d", role, box, r.code)
				}
			}
			h, err := f.svc.History(context.Background(), f.actor(access.Agent), tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := h[len(h)-1]
			if last.Field != "access_denied" || last.New != string(access.NoteTicket) || last.ActorID != f.user(role).ID {
				t.Errorf("%s's refused presence not audited: %+v", role, last)
			}
		}
		p := agent.get(path)
		for _, form := range []url.Values{{"box": {"signature"}, "state": {"typing"}}, {"box": {"reply"}, "state": {"asleep"}}} {
			if r := agent.postForm(p, path+"/presence", form); r.code != http.StatusUnprocessableEntity {
				t.Errorf("presence %v: %d", form, r.code)
			}
		}
		if r := agent.postForm(p, "/agent/tickets/999999/presence", url.Values{"box": {"reply"}, "state": {"typing"}}); r.code != http.StatusNotFound {
			t.Errorf("presence on no request: %d", r.code)
		}
		// Nothing of the above reached the request's page.
		f.newTicket("Lot 4", "Bonjour")
		if typ, data := watching.next(); typ != "ticket" {
			t.Fatalf("a refused presence was published: %s %s", typ, data)
		}
		// The stream of a request needs a request.
		for _, q := range []string{"?ticket=abc", "?ticket=999999"} {
			req, _ := http.NewRequest("GET", srv.URL+"/agent/events"+q, nil)
			for _, c := range agent.cookies {
				req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("events%s: %d", q, resp.StatusCode)
			}
		}
	})
}
