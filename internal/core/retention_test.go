package core_test

import (
	"context"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// TestRetention: three years after closure a request loses its personal data
// and keeps its figures; a contact is anonymised only once none of its requests
// is still kept; a second run does nothing; a dry run changes nothing.
func TestRetention(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		agent := f.actors["agent"]
		create := func(subject, body, name, email, phone string) *ticket.Ticket {
			in := webRequest()
			in.Subject, in.Body = subject, body
			in.Contact = &core.ContactInput{Name: name, Email: email, Phone: phone}
			tk, _, err := f.svc.CreateTicket(ctx, agent, in, "")
			if err != nil {
				t.Fatal(err)
			}
			return tk
		}
		closeIt := func(tk *ticket.Ticket) {
			resolved, closed, outcome := ticket.Resolved, ticket.Closed, ticket.AnsweredByCell
			cur, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &resolved, Outcome: &outcome}, tk.Version)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := f.svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &closed}, cur.Version); err != nil {
				t.Fatal(err)
			}
		}
		old := create("Charpente de M. Martin", "Bonjour, je suis Anne Dupont, charpentière à Lyon.", "Anne Dupont", "anne@dupont.example", "04 72 00 00 00")
		closeIt(old)
		open := create("Question ouverte", "Toujours en cours, signé Bernard.", "Bernard Roux", "bernard@roux.example", "")
		resolvedOnly := create("Résolue jamais close", "Merci, Claire Petit.", "Claire Petit", "claire@petit.example", "")
		resolved, outcome := ticket.Resolved, ticket.OutcomeOffTopic
		if _, err := f.svc.UpdateTicket(ctx, agent, resolvedOnly.ID, ticket.Update{State: &resolved, Outcome: &outcome}, resolvedOnly.Version); err != nil {
			t.Fatal(err)
		}
		f.advance(365 * 24 * time.Hour)
		later := create("Deuxième question", "Encore Anne, pour la toiture.", "Anne Dupont", "anne@dupont.example", "")
		closeIt(later)
		if res, err := f.svc.Search(ctx, agent, core.SearchInput{Q: "charpentière"}); err != nil || res.Total == 0 {
			t.Fatalf("the request is not found before anonymisation: %+v %v", res, err)
		}
		f.advance(2*365*24*time.Hour + 48*time.Hour) // three years and a day after the first closure

		dry, err := f.svc.ApplyRetention(ctx, 0, true)
		if err != nil || len(dry.Items) != 2 || dry.Items[0].ID != old.ID || dry.Items[1].ID != resolvedOnly.ID || dry.Done != 0 || dry.Years != 3 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if tk, _ := f.svc.Ticket(ctx, agent, old.ID); tk.Subject != old.Subject {
			t.Fatal("the dry run changed the request")
		}

		rep, err := f.svc.ApplyRetention(ctx, 0, false)
		if err != nil || rep.Done != 2 {
			t.Fatalf("run: %+v %v", rep, err)
		}
		tk, err := f.svc.Ticket(ctx, agent, old.ID)
		if err != nil {
			t.Fatal(err)
		}
		if tk.Subject != "Demande anonymisée" {
			t.Errorf("subject %q", tk.Subject)
		}
		if tk.Channel != "web" || tk.Topic != "allotissement" || tk.Outcome != ticket.AnsweredByCell ||
			tk.State != ticket.Closed || tk.Company == nil || tk.Company.SIRET != "44306184100047" || !tk.CreatedAt.Equal(old.CreatedAt) {
			t.Errorf("the figures moved: %+v company %+v", tk, tk.Company)
		}
		if tk.Contact == nil || tk.Contact.Name != "Anne Dupont" {
			t.Errorf("the contact of a request still kept was anonymised: %+v", tk.Contact)
		}
		msgs, _ := f.svc.Messages(ctx, agent, old.ID)
		for _, m := range msgs {
			if m.Body != "[contenu anonymisé au terme de la durée de conservation]" {
				t.Errorf("message body kept: %q", m.Body)
			}
		}
		if res, _ := f.svc.Search(ctx, agent, core.SearchInput{Q: "charpentière"}); res.Total != 0 {
			t.Errorf("still found by search: %+v", res.Hits)
		}
		if !hasRetentionEntry(t, f, old.ID) {
			t.Error("no audit entry")
		}
		if tk, _ := f.svc.Ticket(ctx, agent, resolvedOnly.ID); tk.Subject != "Demande anonymisée" || tk.Contact.Name != "Contact anonymisé" ||
			tk.Outcome != ticket.OutcomeOffTopic {
			t.Errorf("the request resolved but never closed: %+v %+v", tk, tk.Contact)
		}
		for _, id := range []int64{open.ID, later.ID} {
			if tk, _ := f.svc.Ticket(ctx, agent, id); tk.Subject == "Demande anonymisée" || hasRetentionEntry(t, f, id) {
				t.Errorf("request %d anonymised too early", id)
			}
		}

		again, err := f.svc.ApplyRetention(ctx, 0, false)
		if err != nil || again.Done != 0 || len(again.Items) != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}

		// A year later the second request goes too, and with it the contact.
		f.advance(365 * 24 * time.Hour)
		if rep, err := f.svc.ApplyRetention(ctx, 0, false); err != nil || rep.Done != 1 || rep.Items[0].ID != later.ID {
			t.Fatalf("next year: %+v %v", rep, err)
		}
		tk, _ = f.svc.Ticket(ctx, agent, old.ID)
		if tk.Contact == nil || tk.Contact.Name != "Contact anonymisé" || tk.Contact.Email != "" || tk.Contact.Phone != "" {
			t.Errorf("contact not anonymised: %+v", tk.Contact)
		}
		if tk, _ := f.svc.Ticket(ctx, agent, open.ID); tk.Contact == nil || tk.Contact.Email != "bernard@roux.example" {
			t.Errorf("the open request's contact changed: %+v", tk.Contact)
		}
	})
}

func hasRetentionEntry(t *testing.T, f *fixture, id int64) bool {
	t.Helper()
	trail, err := f.svc.History(context.Background(), f.actors["agent"], id)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range trail {
		if e.Field == "retention" && e.New == "anonymised" && e.Rule == "retention_3y" {
			return true
		}
	}
	return false
}
