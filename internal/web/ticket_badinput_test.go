package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// TestTwoAgentsSavingAtOnce: two agents post a change of the same request read
// at the same version, at the same moment; one is saved, the other is told of
// the conflict with what it chose kept, and nothing is silently overwritten.
func TestTwoAgentsSavingAtOnce(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		a, b := f.browser(), f.browser()
		a.signIn(access.Agent)
		b.signIn(access.Supervisor)
		pa, pb := a.get(path), b.get(path)
		read := version(t, a, path)
		forms := map[*browser]url.Values{
			a: {"state": {"waiting_company"}, "version": {read}},
			b: {"state": {"open"}, "version": {read}},
		}
		pages := map[*browser]page{a: pa, b: pb}
		results := map[*browser]page{}
		var mu sync.Mutex
		var wg sync.WaitGroup
		for br, form := range forms {
			form.Set("csrf", csrf(t, pages[br]))
			wg.Go(func() {
				r := br.post(path+"/state", form)
				mu.Lock()
				results[br] = r
				mu.Unlock()
			})
		}
		wg.Wait()
		saved, refused := 0, 0
		var winner, loser *browser
		for br, r := range results {
			switch r.code {
			case http.StatusSeeOther:
				saved, winner = saved+1, br
			case http.StatusConflict:
				refused, loser = refused+1, br
				mustContain(t, r, "modifiée par quelqu'un d'autre", `<option value="`+forms[br].Get("state")+`" selected>`)
			default:
				t.Fatalf("concurrent save: %d\n%s", r.code, r.body)
			}
		}
		if saved != 1 || refused != 1 {
			t.Fatalf("%d saved, %d refused: want one of each", saved, refused)
		}
		got, err := f.svc.Ticket(context.Background(), f.actor(access.Agent), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		if string(got.State) != forms[winner].Get("state") || string(got.State) == forms[loser].Get("state") {
			t.Fatalf("state %s after the race", got.State)
		}
	})
}

// TestRoleMayNotTouchTheRequest: a specialist of the works service may read a
// request of the cell but not change it: every form is refused, and each
// refusal is written in the request's audit trail, which the page shows.
func TestRoleMayNotTouchTheRequest(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		s := f.browser()
		s.signIn(access.Specialist)
		p := s.get(path)
		if p.code != http.StatusOK {
			t.Fatalf("the specialist cannot read the request: %d", p.code)
		}
		for _, form := range []string{"/reply", "/note", "/state", "/fields", "/escalate", "/assign"} {
			if strings.Contains(p.body, `action="`+path+form+`"`) {
				t.Errorf("the page offers %s to a specialist of another service", form)
			}
		}
		v := itoa(int64(tk.Version)) // the page offers no form: the version a forged one would carry
		tries := []struct {
			form   string
			values url.Values
			action access.Action
		}{
			{"/reply", url.Values{"body": {"Réponse"}}, access.ReplyTicket},
			{"/note", url.Values{"body": {"Note"}}, access.NoteTicket},
			{"/state", url.Values{"state": {"open"}, "version": {v}}, access.UpdateTicket},
			{"/fields", url.Values{"topic": {"dce"}, "scope": {"own_tender"}, "priority": {"high"}, "version": {v}}, access.UpdateTicket},
			// Escalating writes a note for the service: that is the first right it lacks.
			{"/escalate", url.Values{"team": {"travaux"}, "note": {"À moi"}, "version": {v}}, access.NoteTicket},
			{"/assign", url.Values{"version": {v}}, access.UpdateTicket},
		}
		for _, try := range tries {
			r := s.postForm(p, path+try.form, try.values)
			if r.code != http.StatusForbidden {
				t.Errorf("%s by the specialist: %d", try.form, r.code)
				continue
			}
			h, err := f.svc.History(context.Background(), f.actor(access.Agent), tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			last := h[len(h)-1]
			if last.Field != "access_denied" || last.New != string(try.action) || last.ActorID != f.user(access.Specialist).ID {
				t.Errorf("%s refused but not audited: %+v", try.form, last)
			}
		}
		got, _ := f.svc.Ticket(context.Background(), f.actor(access.Agent), tk.ID)
		if got.Version != tk.Version || got.State != ticket.New || got.TeamID != tk.TeamID {
			t.Fatalf("a refused form changed the request: %+v", got)
		}
		mustContain(t, f.agentPage(path), "Action refusée")
	})
}

// agentPage is a page as the agent sees it.
func (f *fixture) agentPage(path string) page {
	b := f.browser()
	b.signIn(access.Agent)
	return b.get(path)
}

// TestScriptInEveryTextFieldIsEscaped: markup typed in the company's and the
// contact's names, the subject, the message, a reply, a note, an escalation
// note and an agent's own name is shown as text on the inbox and the ticket
// page, never run.
func TestScriptInEveryTextFieldIsEscaped(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		bg := context.Background()
		const xss = `<script>alert(1)</script>`
		if _, err := f.svc.AddUser(bg, access.System(), core.NewUser{Email: "xss@region.example", Name: "Eve " + xss,
			Role: "agent", Password: password}); err != nil {
			t.Fatal(err)
		}
		tk, _, err := f.svc.CreateTicket(bg, f.actor(access.Agent), core.NewTicket{Channel: "web",
			Subject: "Objet " + xss, Body: "Message " + xss, Topic: "dce", Scope: "own_tender",
			Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Entreprise " + xss},
			Contact: &core.ContactInput{Name: "Contact " + xss, Email: "anne@dupont.example"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		path := "/agent/tickets/" + itoa(tk.ID)
		eve := f.browser()
		if p := eve.tryLogin("xss@region.example", password); p.code != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", p.code)
		}
		p := eve.get(path)
		for form, values := range map[string]url.Values{
			"/reply":    {"body": {"Réponse " + xss}},
			"/note":     {"body": {"Note " + xss}},
			"/escalate": {"team": {"travaux"}, "note": {"Transmission " + xss}},
		} {
			values.Set("version", version(t, eve, path))
			if r := eve.postForm(p, path+form, values); r.code != http.StatusSeeOther {
				t.Fatalf("%s: %d\n%s", form, r.code, r.body)
			}
		}
		for name, shown := range map[string]page{"inbox": eve.get("/agent?view=all"), "ticket": eve.get(path)} {
			if strings.Contains(shown.body, xss) {
				t.Errorf("%s: a script typed in a field reached the page as markup", name)
			}
		}
		shown := eve.get(path)
		mustContain(t, shown, "Objet "+xss, "Message "+xss, "Entreprise "+xss, "Contact "+xss, "Réponse "+xss,
			"Note "+xss, "Transmission "+xss, "Eve "+xss)
		mustContain(t, eve.get("/agent?view=all"), "Objet "+xss, "Entreprise "+xss)
	})
}
