package core_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// An administrator's template is checked before it is saved, then used for the
// next mails; resetting it brings the default back.
func TestAdminEditsMailTemplate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		srv := newSMTPServer(t)
		svc := mailService(t, f, s, srv, 8)
		admin, agent := f.actors[access.Admin], f.actors[access.Agent]
		custom := `{{define "subject"}}Bien reçu : {{.Subject}}{{end}}{{define "text"}}Merci, demande {{.Number}}.{{end}}{{define "html"}}<p>Merci</p>{{end}}`
		if err := svc.SaveMailTemplate(ctx, agent, "ack", "fr", custom); err == nil {
			t.Error("an agent changed a template")
		}
		for name, bad := range map[string]string{"syntax": "{{define \"subject\"}}{{.Subject{{end}}", "unknown field": strings.Replace(custom, ".Number", ".Numero", 1),
			"empty": "  "} {
			err := svc.SaveMailTemplate(ctx, admin, "ack", "fr", bad)
			if fields := fieldsOf(t, err); fields["source"] == "" {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := svc.SaveMailTemplate(ctx, admin, "inconnu", "de", custom); len(fieldsOf(t, err)) != 2 {
			t.Errorf("unknown template and language: %v", err)
		}
		if err := svc.SaveMailTemplate(ctx, admin, "ack", "fr", custom); err != nil {
			t.Fatal(err)
		}
		list, _ := svc.MailTemplates(ctx, admin)
		customs := 0
		for _, m := range list {
			if m.Custom {
				customs++
			}
		}
		if len(list) != 24 || customs != 1 { // 12 templates × fr, en
			t.Errorf("%d templates, %d custom", len(list), customs)
		}
		tk, _, err := svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil {
			t.Fatal(err)
		}
		out, _ := svc.Outbox(ctx, admin, "", tk.ID, 0)
		if len(out) != 1 || out[0].Subject != "[Demande "+tk.Number+"] Bien reçu : Question sur le lot 2" {
			t.Errorf("custom template (the number is kept in the subject): %+v", out)
		}
		r, err := svc.PreviewMailTemplate(ctx, admin, "ack", custom)
		if err != nil || !strings.Contains(r.Text, "2026-000123") {
			t.Errorf("preview: %+v %v", r, err)
		}
		if err := svc.ResetMailTemplate(ctx, admin, "ack", "fr"); err != nil {
			t.Fatal(err)
		}
		tk2, _, _ := svc.CreateTicket(ctx, agent, webRequest(), "")
		out, _ = svc.Outbox(ctx, admin, "", tk2.ID, 0)
		if len(out) != 1 || !strings.Contains(out[0].Subject, "Accusé de réception") {
			t.Errorf("after reset: %+v", out)
		}
	})
}
