package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

func TestKnowledgeBaseScreens(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a := f.browser()
		a.signIn(access.Supervisor) // publishes; TestPublishReservedInTheEditor covers the agent
		mustContain(t, a.get("/agent/kb"), `href="/agent/kb/nouveau"`, "Aucun article.")

		// A refused save shows the form again as typed, each error by its field.
		form := a.get("/agent/kb/nouveau")
		r := a.postForm(form, "/agent/kb", url.Values{"title": {""}, "slug": {"Pas Bon"}, "topic": {"dce"},
			"body": {"<script>x</script>"}, "visibility": {"public"}, "status": {"draft"}})
		if r.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad article: %d", r.code)
		}
		mustContain(t, r, `id="kb-title-error"`, `id="kb-slug-error"`)
		if !strings.Contains(r.body, "&lt;script&gt;x&lt;/script&gt;</textarea>") {
			t.Error("the typed text is not shown again, escaped")
		}

		r = a.postForm(form, "/agent/kb", url.Values{"title": {"Où trouver le DCE ?"}, "topic": {"dce"},
			"tags": {"DCE, plateforme"}, "legal": {"CCP R2132-2"}, "visibility": {"public"}, "status": {"published"},
			"body": {"Le DCE est sur le profil d'acheteur.\n\n[piège](javascript:alert(1)) <iframe src=x></iframe>"}})
		if r.code != http.StatusSeeOther || r.location() != "/agent/kb/ou-trouver-le-dce?done=1" {
			t.Fatalf("save: %d %s\n%s", r.code, r.location(), r.body)
		}
		edit := a.get(r.location())
		mustContain(t, edit, "Article enregistré.", `href="/faq/articles/ou-trouver-le-dce"`, "Aperçu")
		if _, preview, _ := strings.Cut(edit.body, `id="preview-title"`); strings.Contains(preview, "javascript:") ||
			strings.Contains(preview, "<iframe") || !strings.Contains(preview, "profil d&#39;acheteur") {
			t.Errorf("the preview is not sanitised: %s", preview)
		}
		version := regexpValue(t, edit.body, `name="version" value="(\d+)"`)
		r = a.postForm(edit, "/agent/kb/ou-trouver-le-dce", url.Values{"version": {version}, "title": {"Où trouver le DCE ?"},
			"topic": {"dce"}, "legal": {"CCP R2132-2"}, "visibility": {"public"}, "status": {"published"},
			"body": {"Le DCE se télécharge sur le profil d'acheteur."}, "note": {"plus clair"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("second version: %d\n%s", r.code, r.body)
		}
		mustContain(t, a.get("/agent/kb/ou-trouver-le-dce/versions"), "Version 2, par Compte supervisor", "plus clair",
			"<del>-Le DCE est sur le profil", "<ins>+Le DCE se télécharge")
		// Saving over a newer version is refused, nothing lost.
		r = a.postForm(edit, "/agent/kb/ou-trouver-le-dce", url.Values{"version": {version}, "title": {"X"}, "topic": {"dce"},
			"legal": {"-"}, "visibility": {"public"}, "status": {"draft"}, "body": {"texte perdu ?"}})
		if r.code != http.StatusUnprocessableEntity || !strings.Contains(r.body, "texte perdu ?") {
			t.Errorf("stale save: %d", r.code)
		}

		// Search finds the article and a request, with highlights and facets.
		f.newTicket("Dossier de consultation introuvable", "Je ne trouve pas le dossier de consultation.")
		s := a.get("/agent/recherche?q=" + url.QueryEscape(`DCE "introuvable OR *`))
		mustContain(t, s, "Dossier de consultation introuvable", "<mark>dossier</mark>")
		s = a.get("/agent/recherche?q=dce")
		mustContain(t, s, "Où trouver le DCE ?", "Article (1)")
	})
}

func TestSimilarBlockAndFAQFromARequest(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		agent := f.actor(access.Agent)
		old := f.newTicket("Offre rejetée", "Notre offre a été rejetée, pourquoi ? Anne Dupont, 06 12 34 56 78")
		if _, err := f.svc.AddMessage(ctx, agent, old.ID, core.NewMessage{Kind: "outbound",
			Body: "Madame Dupont, l'acheteur doit vous donner les motifs du rejet."}); err != nil {
			t.Fatal(err)
		}
		cur, _ := f.svc.Ticket(ctx, agent, old.ID)
		st, oc := ticket.Resolved, ticket.AnsweredByCell
		if _, err := f.svc.UpdateTicket(ctx, agent, old.ID, ticket.Update{State: &st, Outcome: &oc}, cur.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.SaveArticle(ctx, f.actor(access.Supervisor), core.ArticleInput{Slug: "motifs-rejet", Title: "Les motifs du rejet",
			Topic: "rejet", Legal: "CCP R2181-1", Body: "L'acheteur communique les motifs du rejet.", Status: "published"}); err != nil {
			t.Fatal(err)
		}
		tk := f.newTicket("Rejet de notre offre", "Notre offre est rejetée, quels motifs ?")
		a := f.browser()
		a.signIn(access.Agent)
		mustContain(t, a.get("/agent/tickets/"+itoa(tk.ID)), `data-similar="/agent/tickets/`+itoa(tk.ID)+`/similaires?fragment=1"`)
		frag := a.get("/agent/tickets/" + itoa(tk.ID) + "/similaires?fragment=1")
		mustContain(t, frag, old.Number, "Les motifs du rejet", `data-link="Les motifs du rejet : /faq/articles/motifs-rejet"`)
		if strings.Contains(frag.body, "<html") || strings.Contains(frag.body, "Transformer en FAQ") {
			t.Errorf("fragment is a page, or offers an FAQ for an open request")
		}
		// The resolved request offers "Transformer en FAQ"; the draft has no identity left.
		mustContain(t, a.get("/agent/tickets/"+itoa(old.ID)+"/similaires"), `href="/agent/kb/nouveau?ticket=`+itoa(old.ID)+`"`)
		d := a.get("/agent/kb/nouveau?ticket=" + itoa(old.ID))
		mustContain(t, d, "Offre rejetée", "les motifs du rejet", `name="ticket" value="`+itoa(old.ID)+`"`)
		for _, leak := range []string{"Anne", "Dupont", "06 12"} {
			if strings.Contains(regexpValue(t, d.body, `(?s)<textarea id="kb-body" name="body"[^>]*>(.*?)</textarea>`), leak) {
				t.Errorf("draft leaks %q", leak)
			}
		}
		v := f.browser()
		v.signIn(access.Viewer)
		if p := v.get("/agent/kb/nouveau"); p.code != http.StatusForbidden {
			t.Errorf("a viewer opened the editor: %d", p.code)
		}
	})
}

// TestPublishReservedInTheEditor: an agent's editor offers drafts only, a
// publication it forces is refused with the form kept, a published article is
// shown locked; a supervisor's editor offers publication.
func TestPublishReservedInTheEditor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		a := f.browser()
		a.signIn(access.Agent)
		form := a.get("/agent/kb/nouveau")
		mustContain(t, form, `name="status" value="draft"`, "Publication réservée aux superviseurs")
		if strings.Contains(form.body, `value="published"`) {
			t.Error("the agent's editor offers publication")
		}
		r := a.postForm(form, "/agent/kb", url.Values{"title": {"Brouillon d'agent"}, "topic": {"dce"}, "legal": {"-"},
			"visibility": {"public"}, "status": {"published"}, "body": {"texte à garder"}})
		if r.code != http.StatusForbidden || !strings.Contains(r.body, "texte à garder") || !strings.Contains(r.body, `id="kb-status-error"`) {
			t.Fatalf("forced publication: %d\n%s", r.code, r.body)
		}
		r = a.postForm(form, "/agent/kb", url.Values{"title": {"Brouillon d'agent"}, "topic": {"dce"}, "legal": {"-"},
			"visibility": {"public"}, "status": {"draft"}, "body": {"texte à garder"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("draft: %d\n%s", r.code, r.body)
		}
		if strings.Contains(a.get(r.location()).body, "kb-locked") {
			t.Error("the agent's own draft is locked")
		}

		s := f.browser()
		s.signIn(access.Supervisor)
		edit := s.get("/agent/kb/brouillon-d-agent")
		mustContain(t, edit, `name="status" value="published"`)
		version := regexpValue(t, edit.body, `name="version" value="(\d+)"`)
		r = s.postForm(edit, "/agent/kb/brouillon-d-agent", url.Values{"version": {version}, "title": {"Brouillon d'agent"},
			"topic": {"dce"}, "legal": {"-"}, "visibility": {"public"}, "status": {"published"}, "body": {"texte relu"}})
		if r.code != http.StatusSeeOther {
			t.Fatalf("supervisor publishes: %d\n%s", r.code, r.body)
		}
		// Published: the agent sees it locked, and a save it forces is refused.
		locked := a.get("/agent/kb/brouillon-d-agent")
		mustContain(t, locked, `id="kb-locked"`, `<fieldset disabled`)
		version = regexpValue(t, locked.body, `name="version" value="(\d+)"`)
		r = a.postForm(locked, "/agent/kb/brouillon-d-agent", url.Values{"version": {version}, "title": {"Brouillon d'agent"},
			"topic": {"dce"}, "legal": {"-"}, "visibility": {"public"}, "status": {"draft"}, "body": {"retiré ?"}})
		if r.code != http.StatusForbidden {
			t.Errorf("an agent withdrew a published article: %d", r.code)
		}
	})
}
