package web_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// regexpValue is the first group of pattern in body, entities decoded.
func regexpValue(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no %s in the page", pattern)
	}
	return html.UnescapeString(m[1])
}

// lyonConsultation puts a consultation of another buyer in the catalog.
func lyonConsultation(t *testing.T, f *fixture) {
	t.Helper()
	_, err := f.svc.Import(context.Background(), access.System(), core.ImportBatch{Source: "test", Position: 1,
		Consultations: []core.ConsultationRecord{{
			Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs",
				CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: f.clock().Add(240 * time.Hour)},
			Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune, Email: "marches@lyon.example",
				QAURL: "https://marches.lyon.example/questions"}}}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestTicketWorkflowForms(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		lyonConsultation(t, f)
		tk := f.newTicket("Question sur les ascenseurs", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		sup := f.user(access.Supervisor)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get(path)
		mustContain(t, p, `<label for="fields-topic">`, `<label for="assign-who">`, "Transmettre à un service",
			"Réorienter vers l'acheteur", "indiquez d'abord la consultation", "Hors sujet", "ne relève pas")

		r := b.postForm(p, path+"/fields", url.Values{"topic": {"execution"}, "scope": {"other_buyer_tender"},
			"consultation": {"26-123456"}, "priority": {"high"}, "version": {version(t, b, path)}})
		p = b.get(r.location())
		mustContain(t, p, "Classement enregistré.", "exécution", "consultation d'un autre acheteur", "haute",
			"Ville de Lyon", "marches@lyon.example", "https://marches.lyon.example/questions")

		r = b.postForm(p, path+"/assign", url.Values{"assignee": {itoa(sup.ID)}, "version": {version(t, b, path)}})
		mustContain(t, b.get(r.location()), "Demande assignée.", "Compte supervisor")
		r = b.postForm(p, path+"/assign", url.Values{"assignee": {"abc"}, "version": {version(t, b, path)}})
		mustContain(t, r, `id="assign-who-error"`)

		p = b.get(path)
		body := regexpValue(t, p.body, `(?s)<textarea id="redirect-body" name="body" rows="10">(.*?)</textarea>`)
		r = b.postForm(p, path+"/redirect", url.Values{"body": {body}, "version": {version(t, b, path)}})
		p = b.get(r.location())
		mustContain(t, p, "demande réorientée vers l'acheteur", "réorientée vers l'acheteur", "Maintenance des ascenseurs",
			"Rouvrir la demande")
		r = b.postForm(p, path+"/state", url.Values{"state": {"open"}, "version": {version(t, b, path)}})
		mustContain(t, b.get(r.location()), "État enregistré.", "en cours")
	})
}

func TestEscalationAndOffTopic(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur la toiture", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get(path)
		read := version(t, b, path)
		// A colleague changes the request while the agent writes the note: the
		// conflict is said in French and the note is kept.
		high := ticket.High
		if _, err := f.svc.UpdateTicket(context.Background(), f.actor(access.Supervisor), tk.ID, ticket.Update{Priority: &high}, 0); err != nil {
			t.Fatal(err)
		}
		r := b.postForm(p, path+"/escalate", url.Values{"team": {"travaux"}, "note": {"Voir le <lot> 3 svp"}, "version": {read}})
		if r.code != http.StatusConflict {
			t.Fatalf("stale escalation: %d", r.code)
		}
		mustContain(t, r, "modifiée par quelqu'un d'autre", "Voir le <lot> 3 svp", `<details open>`)
		r = b.postForm(p, path+"/escalate", url.Values{"team": {""}, "note": {""}, "version": {version(t, b, path)}})
		mustContain(t, r, `id="escalate-team-error"`, `id="escalate-note-error"`)
		r = b.postForm(p, path+"/escalate", url.Values{"team": {"travaux"}, "note": {"Voir le lot 3"}, "version": {version(t, b, path)}})
		mustContain(t, b.get(r.location()), "Demande transmise au service.", "transmise à un service", "Voir le lot 3")

		// The specialist of the service sees it in its view and answers off-topic.
		s := f.browser()
		s.signIn(access.Specialist)
		mustContain(t, s.get("/agent?view=service"), "Question sur la toiture")
		sp := s.get(path)
		text := regexpValue(t, sp.body, `(?s)<textarea id="offtopic-body" name="body" rows="8">(.*?)</textarea>`)
		r = s.postForm(sp, path+"/offtopic", url.Values{"body": {text}, "version": {version(t, s, path)}})
		mustContain(t, s.get(r.location()), "résolue comme hors sujet", "hors sujet", tk.Number)
	})
}

func TestMacrosManagedBySupervisorsInsertedByAgents(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Bonjour")
		path := "/agent/tickets/" + itoa(tk.ID)
		a := f.browser()
		a.signIn(access.Agent)
		if p := a.get("/agent/macros"); p.code != http.StatusForbidden {
			t.Fatalf("an agent opened the macros: %d", p.code)
		}
		s := f.browser()
		inbox := s.signIn(access.Supervisor)
		mustContain(t, inbox, `href="/agent/macros"`)
		page := s.get("/agent/macros")
		mustContain(t, page, "{entreprise}", "{acheteur_contact}", `<label for="m0-title">`)
		r := s.postForm(page, "/agent/macros", url.Values{"title": {""}, "body": {"Bonjour {inconnue} <b>"}, "active": {"1"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad macro: %d", r.code)
		}
		mustContain(t, r, `id="m0-title-error"`, `id="m0-body-error"`, "{inconnue}", "Bonjour {inconnue} <b>")
		r = s.postForm(page, "/agent/macros", url.Values{"title": {"Accusé de réception"}, "active": {"1"},
			"body": {"Bonjour {contact},\nvotre demande {numero} est suivie par {agent}."}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("macro: %d\n%s", r.code, r.body)
		}
		mustContain(t, s.get(r.location()), "Réponse type enregistrée.", "Accusé de réception")

		p := a.get(path)
		id := regexpValue(t, p.body, `<option value="(\d+)">Accusé de réception</option>`)
		want := "Bonjour Anne Dupont,\nvotre demande " + tk.Number + " est suivie par Compte agent."
		if got := a.get(path + "/macros/" + id); got.code != http.StatusOK || got.body != want {
			t.Fatalf("macro text %d %q", got.code, got.body)
		}
		mustContain(t, a.get(path+"?macro="+id), want)
		v := f.browser()
		v.signIn(access.Viewer)
		if p := v.get(path + "/macros/" + id); p.code != http.StatusForbidden {
			t.Fatalf("a viewer filled a macro: %d", p.code)
		}
		// Archived, it is no longer offered.
		r = s.postForm(page, "/agent/macros/"+id, url.Values{"title": {"Accusé de réception"}, "body": {"x"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("archive: %d", r.code)
		}
		// (The acknowledgement mail's subject, in the page's mails block, says it too.)
		if strings.Contains(a.get(path).body, ">Accusé de réception</option>") {
			t.Fatal("an archived macro is offered")
		}
	})
}

func TestInboxCountsAndNewFilters(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedViews(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get("/agent")
		for view, n := range map[string]string{"todo": "2", "mine": "1", "unassigned": "2", "waiting": "1", "due": "3", "all": "4"} {
			mustContain(t, p, `data-view="`+view+`">`, `<span class="tab-count">`+n+`</span>`)
			if !regexp.MustCompile(`data-view="` + view + `">[^<]*<span class="tab-count">` + n + `</span>`).MatchString(p.body) {
				t.Errorf("view %s: count is not %s", view, n)
			}
		}
		mine := b.get("/agent?view=all&agent=me")
		if !strings.Contains(mine.text(), "Demande suivie par moi") || strings.Contains(mine.text(), "Demande neuve") {
			t.Fatal("agent=me")
		}
		mustContain(t, mine, `<option value="me" selected>`)
		none := b.get("/agent?view=all&agent=none")
		if strings.Contains(none.text(), "Demande suivie par moi") || !strings.Contains(none.text(), "Demande neuve") {
			t.Fatal("agent=none")
		}
		today := b.get("/agent?view=all&created_from=2026-11-24&created_to=24/11/2026")
		mustContain(t, today, "Demande neuve", `value="2026-11-24"`)
		if p := b.get("/agent?view=all&created_from=2026-11-25"); strings.Contains(p.text(), "Demande neuve") {
			t.Fatal("the period let an earlier request through")
		}
		bad := b.get("/agent?created_from=hier&created_to=2026-01-01&agent=x")
		if bad.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad period: %d", bad.code)
		}
		mustContain(t, bad, `id="f-from-error"`, `id="f-agent-error"`, "date illisible")
	})
}
