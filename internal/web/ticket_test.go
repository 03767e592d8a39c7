package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

func TestTicketPageActions(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Peut-on répondre à un seul lot ?")
		b := f.browser()
		b.signIn(access.Agent)
		path := "/agent/tickets/" + itoa(tk.ID)
		p := b.get(path)
		mustContain(t, p, "Question sur le lot 2", "Peut-on répondre à un seul lot ?", "Message de l'entreprise",
			"mardi 24 novembre 2026 à 10 h 00", "Menuiserie Dupont", "SIRET 44306184100047", `<label for="reply-body">`)

		f.advance(5 * time.Minute)
		r := b.postForm(p, path+"/reply", url.Values{"body": {"Oui, une offre par lot."}})
		if r.code != http.StatusSeeOther || !strings.HasPrefix(r.location(), path+"?done=reply") {
			t.Fatalf("reply: %d → %q\n%s", r.code, r.location(), r.body)
		}
		p = b.get(r.location())
		mustContain(t, p, "Réponse enregistrée.", "Oui, une offre par lot.", "mardi 24 novembre 2026 à 10 h 05",
			"Première réponse")

		r = b.postForm(p, path+"/note", url.Values{"body": {"Rappeler jeudi"}})
		mustContain(t, b.get(r.location()), "Note interne", "Rappeler jeudi")

		r = b.postForm(p, path+"/assign", url.Values{"version": {version(t, b, path)}})
		p = b.get(r.location())
		mustContain(t, p, "La demande vous est assignée.", "Compte agent")
		if strings.Contains(p.text(), "Me l'assigner") {
			t.Error("the assign button is still offered to its assignee")
		}

		// Resolving needs an outcome: the error is beside the field, the choice kept.
		r = b.postForm(p, path+"/state", url.Values{"state": {"resolved"}, "version": {version(t, b, path)}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("resolve without outcome: %d", r.code)
		}
		mustContain(t, r, `id="state-outcome-error"`, "une demande résolue doit avoir un résultat",
			`<option value="resolved" selected>`)
		r = b.postForm(p, path+"/state", url.Values{"state": {"resolved"}, "outcome": {"answered_by_cell"},
			"version": {version(t, b, path)}})
		mustContain(t, b.get(r.location()), "État enregistré.", "répondue par la cellule", "nouvelle", "résolue")
	})
}

func TestViewerCannotReplyAndIsAudited(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		b := f.browser()
		b.signIn(access.Viewer)
		p := b.get(path)
		mustContain(t, p, "Votre rôle permet de lire cette demande")
		if strings.Contains(p.body, path+"/reply") {
			t.Fatal("the reply form is offered to a viewer")
		}
		r := b.postForm(p, path+"/reply", url.Values{"body": {"Réponse interdite"}})
		if r.code != http.StatusForbidden {
			t.Fatalf("viewer's reply: %d", r.code)
		}
		mustContain(t, r, "Action non autorisée", "ne permet pas cette action")
		history, err := f.svc.History(context.Background(), f.actor(access.Agent), tk.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := history[len(history)-1]
		if last.Field != "access_denied" || last.New != string(access.ReplyTicket) || last.ActorID != f.user(access.Viewer).ID {
			t.Fatalf("refusal not audited: %+v", last)
		}
		mustContain(t, b.get(path), "Action refusée", "répondre à l'entreprise")
	})
}

func TestFailedReplyKeepsTheTypedText(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get(path)
		// A colleague closes the request while the agent types.
		agent := f.actor(access.Supervisor)
		resolved, closed, cell := ticket.Resolved, ticket.Closed, ticket.AnsweredByCell
		if _, err := f.svc.UpdateTicket(context.Background(), agent, tk.ID, ticket.Update{State: &resolved, Outcome: &cell}, 0); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.UpdateTicket(context.Background(), agent, tk.ID, ticket.Update{State: &closed}, 0); err != nil {
			t.Fatal(err)
		}
		typed := "Une longue réponse <b>rédigée</b> avec soin\net sur deux lignes."
		r := b.postForm(p, path+"/reply", url.Values{"body": {typed}})
		if r.code != http.StatusConflict {
			t.Fatalf("reply to a closed request: %d", r.code)
		}
		mustContain(t, r, "Cette demande est close", typed, `name="back" value="`+path+`"`)
		if strings.Contains(r.body, "<b>rédigée") {
			t.Fatal("the typed text came back unescaped")
		}
		// An empty reply is refused beside the field.
		open := f.newTicket("Autre question", "Bonjour")
		openPath := "/agent/tickets/" + itoa(open.ID)
		r = b.postForm(b.get(openPath), openPath+"/reply", url.Values{"body": {"   "}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("empty reply: %d", r.code)
		}
		mustContain(t, r, `id="reply-body-error"`, "le message est vide", `aria-describedby="reply-body-error"`)
	})
}

func TestStaleVersionShowsTheConflict(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get(path)
		read := version(t, b, path)
		high := ticket.High
		if _, err := f.svc.UpdateTicket(context.Background(), f.actor(access.Supervisor), tk.ID, ticket.Update{Priority: &high}, 0); err != nil {
			t.Fatal(err)
		}
		r := b.postForm(p, path+"/state", url.Values{"state": {"waiting_company"}, "version": {read}})
		if r.code != http.StatusConflict {
			t.Fatalf("stale version: %d", r.code)
		}
		mustContain(t, r, "modifiée par quelqu'un d'autre", "haute", `<option value="waiting_company" selected>`)
		got, _ := f.svc.Ticket(context.Background(), f.actor(access.Agent), tk.ID)
		if got.State != ticket.New {
			t.Fatalf("a stale form changed the state to %s", got.State)
		}
		if r := b.postForm(p, path+"/assign", url.Values{"version": {read}}); r.code != http.StatusConflict {
			t.Fatalf("stale assign: %d", r.code)
		}
		if r := b.postForm(p, path+"/assign", url.Values{}); r.code != http.StatusUnprocessableEntity {
			t.Fatalf("a form without version must not skip the check: %d", r.code)
		}
	})
}

func TestCallsShowTheirDuration(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk, _, err := f.svc.CreateTicket(context.Background(), f.actor(access.Agent), core.NewTicket{Channel: "phone",
			Subject: "Appel sur le DCE", Body: "Question sur le CCTP", Topic: "dce", CallSeconds: 245,
			Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "04.72.12.34.56"}}, "")
		if err != nil {
			t.Fatal(err)
		}
		b := f.browser()
		b.signIn(access.Agent)
		// The caller's number is a tel: link (a softphone or the desk phone dials it).
		mustContain(t, b.get("/agent/tickets/"+itoa(tk.ID)), "Appel", "durée 4 min 05 s", "Question sur le CCTP",
			`<a href="tel:+33472123456">04 72 12 34 56</a>`)
	})
}

// version is the version the ticket page's forms carry.
func version(t *testing.T, b *browser, path string) string {
	t.Helper()
	p := b.get(path)
	_, after, ok := strings.Cut(p.body, `name="version" value="`)
	if !ok {
		t.Fatalf("no version in the page:\n%s", p.body)
	}
	return after[:strings.Index(after, `"`)]
}
