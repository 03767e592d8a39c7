package web_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/web"
)

// refusingSender is an SMTP server that refuses every mail.
type refusingSender struct{}

func (refusingSender) Send(context.Context, string, []string, []byte) error {
	return errors.New("550 5.1.1 boîte aux lettres inconnue")
}

// eachMail is each with a mail sender that refuses everything and gives up
// after one attempt, so that the outbox holds failed mails.
func eachMail(t *testing.T, fn func(t *testing.T, f *fixture)) {
	t.Helper()
	for _, b := range storetest.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := &fixture{t: t, now: time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC), logs: &syncBuffer{},
				users: map[access.Role]*access.User{}}
			log := slog.New(slog.NewJSONHandler(f.logs, nil))
			f.svc = core.New(core.Options{Store: b.Open(t), Now: f.clock, Logger: log,
				Mail: core.MailOptions{From: "Cellule <cellule@region.example>", BaseURL: "https://guichet.example",
					Sender: refusingSender{}, MaxAttempts: 1}})
			f.h = web.New(web.Options{Core: f.svc, Logger: log})
			f.seed()
			fn(t, f)
		})
	}
}

func TestMailAdminOutbox(t *testing.T) {
	eachMail(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		f.newTicket("Question sur le lot 2", "Bonjour, une variante est-elle possible ?") // queues the acknowledgement
		if _, err := f.svc.DeliverMail(ctx); err != nil {
			t.Fatal(err)
		}
		raw, err := os.ReadFile("../mail/testdata/auto_reply.eml")
		if err != nil {
			t.Fatal(err)
		}
		err = f.svc.MailInbox().Deliver(ctx, gmail.Fetched{Mailbox: "cellule@region.example/INBOX", UIDValidity: 1, UID: 1,
			Raw: raw, Size: int64(len(raw))})
		if err != nil {
			t.Fatal(err)
		}

		admin := f.browser()
		home := admin.signIn(access.Admin)
		if !strings.Contains(home.body, `href="/agent/admin/courriels"`) {
			t.Error("no link to the mail screen for an administrator")
		}
		p := admin.get("/agent/admin/courriels")
		mustContain(t, p, "Courriels envoyés et reçus", "anne@dupont.example", "en échec", "550 5.1.1 boîte aux lettres inconnue",
			"Renvoyer", `<label for="mail-state">État</label>`, "Réponse automatique", "anne.dupont@menuiserie-dupont.example")
		failed, _ := f.svc.Outbox(ctx, access.System(), "failed", 0, 10)
		if len(failed) != 1 || failed[0].Attempts != 1 {
			t.Fatalf("failed mails: %+v", failed)
		}
		ignored, _ := f.svc.IgnoredMails(ctx, access.System(), 10)
		if len(ignored) != 1 || !strings.Contains(p.text(), ignored[0].Reason) {
			t.Errorf("the ignored mail's reason is not shown: %+v", ignored)
		}
		// The filter: no sent mail; a state that does not exist is refused.
		if p := admin.get("/agent/admin/courriels?etat=sent"); p.code != http.StatusOK || strings.Contains(p.text(), "550 5.1.1") ||
			!strings.Contains(p.text(), "Aucun courriel dans cet état.") {
			t.Errorf("filter sent: %d", p.code)
		}
		if p := admin.get("/agent/admin/courriels?etat=perdu"); p.code != http.StatusUnprocessableEntity || !strings.Contains(p.text(), "état inconnu") {
			t.Errorf("unknown state: %d", p.code)
		}

		// Send again: without the CSRF token, refused; with it, the mail is due again.
		path := "/agent/admin/courriels/" + itoa(failed[0].ID) + "/renvoi"
		if p := admin.post(path, url.Values{}); p.code != http.StatusForbidden {
			t.Errorf("retry without CSRF: %d", p.code)
		}
		if p := admin.postForm(p, path, url.Values{}); p.code != http.StatusSeeOther || p.location() != "/agent/admin/courriels?etat=failed&done=retry" {
			t.Fatalf("retry: %d %q", p.code, p.location())
		}
		if pending, _ := f.svc.Outbox(ctx, access.System(), "pending", 0, 10); len(pending) != 1 || pending[0].ID != failed[0].ID {
			t.Errorf("after the retry, pending: %+v", pending)
		}
		mustContain(t, admin.get("/agent/admin/courriels?etat=failed&done=retry"), "Le courriel est remis dans la file")
		if p := admin.postForm(p, path, url.Values{}); p.code != http.StatusNotFound {
			t.Errorf("retry of a mail that is not failed: %d", p.code)
		}

		// Only administrators.
		for _, role := range []access.Role{access.Supervisor, access.Agent} {
			b := f.browser()
			home := b.signIn(role)
			if strings.Contains(home.body, `href="/agent/admin/courriels"`) {
				t.Errorf("%s sees the mail screen's link", role)
			}
			if p := b.get("/agent/admin/courriels"); p.code != http.StatusForbidden {
				t.Errorf("%s reads the outbox: %d", role, p.code)
			}
			if p := b.postForm(home, path, url.Values{}); p.code != http.StatusForbidden {
				t.Errorf("%s retries a mail: %d", role, p.code)
			}
		}
	})
}

func TestMailTemplateEditor(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		admin := f.browser()
		admin.signIn(access.Admin)
		list := admin.get("/agent/admin/modeles")
		mustContain(t, list, "Modèles de courriel", `href="/agent/admin/modeles/ack/fr"`, `href="/agent/admin/modeles/low_rating/fr"`)
		edit := admin.get("/agent/admin/modeles/ack/fr")
		mustContain(t, edit, `<label for="tpl-source">Source du modèle</label>`, `{{define "subject"}}`, "C'est le modèle par défaut.")
		path := "/agent/admin/modeles/ack/fr"

		// A field that does not exist: refused, the line named beside the field, the typed text kept.
		bad := "{{define \"subject\"}}Demande {{.Number}}{{end}}\n{{define \"text\"}}{{.Numero}}{{end}}\n{{define \"html\"}}<p>x</p>{{end}}"
		p := admin.postForm(edit, path, url.Values{"source": {bad}, "action": {"save"}})
		if p.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad template: %d", p.code)
		}
		mustContain(t, p, `id="tpl-source-error"`, "ligne 2", "Numero", `aria-invalid="true"`, "{{.Numero}}")
		if got, _ := f.svc.MailTemplates(ctx, access.System()); got[0].Custom {
			t.Error("a refused template was saved")
		}

		// The preview renders the draft; a script typed in the HTML part is shown, escaped, never run.
		draft := "{{define \"subject\"}}Accusé {{.Number}}{{end}}\n{{define \"text\"}}Bonjour {{.Subject}}{{end}}\n" +
			"{{define \"html\"}}<script>alert(1)</script><p>{{.Subject}}</p>{{end}}"
		p = admin.postForm(edit, path, url.Values{"source": {draft}, "action": {"preview"}})
		if p.code != http.StatusOK || strings.Contains(p.body, "<script>alert(1)") {
			t.Fatalf("preview: %d, script unescaped?\n%s", p.code, p.body)
		}
		mustContain(t, p, "Aperçu", "Accusé 2026-000123", "Bonjour Question sur le lot 2", "<script>alert(1)</script><p>Question sur le lot 2</p>")
		if got, _ := f.svc.MailTemplates(ctx, access.System()); got[0].Custom {
			t.Error("the preview saved the template")
		}

		// Saved, it is the version in force: the next acknowledgement follows it.
		good := "{{define \"subject\"}}Bien reçu : {{.Subject}}{{end}}\n{{define \"text\"}}Merci.{{end}}\n{{define \"html\"}}<p>Merci.</p>{{end}}"
		if p := admin.postForm(edit, path, url.Values{"source": {good}, "action": {"save"}}); p.code != http.StatusSeeOther ||
			p.location() != path+"?done=save" {
			t.Fatalf("save: %d %q\n%s", p.code, p.location(), p.body)
		}
		edit = admin.get(path + "?done=save")
		mustContain(t, edit, "Le modèle est enregistré", "Cette version modifiée remplace le modèle par défaut.", "Bien reçu")
		tk := f.newTicket("Variante au lot 3", "Bonjour.")
		mails, _ := f.svc.Outbox(ctx, access.System(), "", tk.ID, 10)
		if len(mails) != 1 || !strings.Contains(mails[0].Subject, "Bien reçu : Variante au lot 3") {
			t.Errorf("the saved template is not used: %+v", mails)
		}
		mustContain(t, admin.get("/agent/admin/modeles"), "modifiée")

		// Reset: the default applies again.
		if p := admin.postForm(edit, path+"/defaut", url.Values{}); p.code != http.StatusSeeOther || p.location() != path+"?done=reset" {
			t.Fatalf("reset: %d %q", p.code, p.location())
		}
		mustContain(t, admin.get(path+"?done=reset"), "Le modèle par défaut s'applique de nouveau.", "C'est le modèle par défaut.")

		if p := admin.get("/agent/admin/modeles/inconnu/fr"); p.code != http.StatusNotFound {
			t.Errorf("unknown template: %d", p.code)
		}
		if p := admin.post(path, url.Values{"source": {good}}); p.code != http.StatusForbidden {
			t.Errorf("save without CSRF: %d", p.code)
		}

		agent := f.browser()
		home := agent.signIn(access.Agent)
		for _, p := range []page{agent.get("/agent/admin/modeles"), agent.get(path),
			agent.postForm(home, path, url.Values{"source": {good}, "action": {"save"}}),
			agent.postForm(home, path+"/defaut", url.Values{})} {
			if p.code != http.StatusForbidden {
				t.Errorf("an agent on the templates: %d", p.code)
			}
		}
	})
}

func TestTicketMailsAndPhoneRatingForm(t *testing.T) {
	eachReport(t, func(t *testing.T, f *fixture, st *reporttest.Store) {
		open := f.newTicket("Question sur le lot 2", "Bonjour.")
		b := f.browser()
		b.signIn(access.Agent)
		p := b.get("/agent/tickets/" + itoa(open.ID))
		mustContain(t, p, `id="mails-title"`, "anne@dupont.example", "[Demande "+open.Number+"]", "en attente")
		if strings.Contains(p.body, "/satisfaction") {
			t.Error("the phone rating is offered on an open request")
		}

		id := reporttest.Resolved(t, st, "", f.now.Add(-2*time.Hour))
		p = b.get("/agent/tickets/" + itoa(id))
		mustContain(t, p, "Aucun courriel envoyé pour cette demande.", `action="/agent/tickets/`+itoa(id)+`/satisfaction"`,
			"<legend>Note donnée par téléphone</legend>", `<label for="phone-note">`, `<option value="1">1 sur 5`, `<option value="5">5 sur 5`)
		if r := b.postForm(p, "/agent/tickets/"+itoa(id)+"/satisfaction", url.Values{"note": {"4"}}); r.code != http.StatusSeeOther {
			t.Fatalf("phone rating from the form: %d", r.code)
		}

		// The inbox's export link carries its current filters.
		inbox := b.get("/agent?view=all&channel=web")
		mustContain(t, inbox, `href="/agent/export.csv?channel=web&view=all">Exporter en CSV</a>`)
		csv := b.get("/agent/export.csv?channel=web&view=all")
		if csv.code != http.StatusOK || !strings.Contains(csv.body, open.Number) {
			t.Errorf("export from the link: %d\n%s", csv.code, csv.body)
		}
		if !strings.Contains(b.get("/agent").body, `href="/agent/export.csv">Exporter en CSV</a>`) {
			t.Error("no export link on the default inbox")
		}
	})
}
