package core

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// TestCreateTicketReturnsTheTicketAsRead: CreateTicket answers with the ticket
// its transaction wrote instead of reading it back; that ticket must be, field by
// field, what FindTicketByID reads once committed — company, contact, team,
// assignee, due times, number, times at the stored precision (the clock here has
// nanoseconds and the cell's zone). Every kind of creation is written twice:
// through the transaction alone, whose ticket must be known without a read
// (except when routing chose an assignee, known by id only), and through
// CreateTicket; the second finds the company and the contact the first created.
func TestCreateTicketReturnsTheTicketAsRead(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 24, 10, 0, 0, 123456789, paris)
		svc := New(Options{Store: s, Now: func() time.Time { return now }})
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		agent, admin := readTestUser(t, svc, "agent"), readTestUser(t, svc, "admin")
		readTestCatalog(t, svc)

		check := func(name string, in NewTicket, wantKnown bool) {
			t.Helper()
			now = now.Add(1234567 * time.Nanosecond)
			d, err := svc.draftTicket(ctx, agent, in)
			if err != nil {
				t.Fatalf("%s: draft: %v", name, err)
			}
			cfg, err := svc.routingConfig(ctx, s)
			if err != nil {
				t.Fatal(err)
			}
			d.cfg = &cfg
			var w written
			if err := s.Write(ctx, func(tx *store.Tx) (err error) {
				w, err = svc.writeTicket(ctx, tx, agent, d, "", "")
				return err
			}); err != nil {
				t.Fatalf("%s: write: %v", name, err)
			}
			if (w.ticket != nil) != wantKnown || !w.created {
				t.Fatalf("%s: ticket known without a read: %v, want %v (created %v)", name, w.ticket != nil, wantKnown, w.created)
			}
			if w.ticket != nil {
				sameAsRead(t, s, name+" (transaction)", w.ticket)
			}
			now = now.Add(7654321 * time.Nanosecond)
			tk, created, err := svc.CreateTicket(ctx, agent, in, "")
			if err != nil || !created {
				t.Fatalf("%s: create: %v (created %v)", name, err, created)
			}
			sameAsRead(t, s, name, tk)
		}

		phone := NewTicket{Channel: "phone", Subject: "Attestation URSSAF", Body: "Quelle attestation fournir ?",
			CallSeconds: 95, Topic: "seuils_procedures",
			Company: &CompanyInput{SIRET: "443 061 841 00047", Name: "Menuiserie Dupont", CommuneCode: "69123", NAF: "43.32A"},
			Contact: &ContactInput{Name: "Anne Dupont", Phone: "04 72 00 00 00"}}
		check("phone, company and contact, answered by the call", phone, true)

		check("web form, anonymous", NewTicket{Channel: "web", Subject: "Accès à la plateforme",
			Body: "Je n'arrive pas à me connecter."}, true)
		check("web form, a contact without company", NewTicket{Channel: "web", Subject: "Question",
			Body: "Où trouver le DCE ?", Contact: &ContactInput{Name: "Paul", Email: "Paul@Exemple.example"}}, true)

		// A mail from the company above: its contact, found by phone, gains the address.
		mail := NewTicket{Channel: "email", Subject: "Re: attestation", Body: "Voici la pièce.",
			Company: &CompanyInput{SIRET: "44306184100047", Size: "tpe"},
			Contact: &ContactInput{Email: "anne@dupont.example", Phone: "+33472000000"}}
		check("mail, company and contact found and completed", mail, true)

		consult := NewTicket{Channel: "web", Subject: "Lot 2", Body: "Peut-on répondre à un seul lot ?",
			Scope: "other_buyer_tender", ConsultationRef: "26-123456", Topic: "allotissement", Priority: "high",
			Company: &CompanyInput{SIRET: "44306184100047"}}
		check("with a consultation reference", consult, true)

		rules := routing.DefaultRules()
		rules[0].Auto = true
		if err := svc.SaveRouting(ctx, admin, rules, nil); err != nil {
			t.Fatal(err)
		}
		routed := NewTicket{Channel: "web", Subject: "Toitures", Body: "Question sur le DCE des toitures.",
			Scope: "own_tender", ConsultationRef: "2026-REG-014", Topic: "dce",
			Contact: &ContactInput{Name: "Jean", Email: "jean@toits.example"}}
		check("routed by a rule to a thematic service", routed, true)
		if tk, _, _ := svc.CreateTicket(ctx, agent, routed, ""); tk == nil || tk.TeamID == ticket.CellTeamID {
			t.Fatalf("the rule did not route: %+v", tk)
		}

		if err := svc.SaveRouting(ctx, admin, routing.DefaultRules(), routing.Assignment{ticket.CellTeamID: routing.RoundRobin}); err != nil {
			t.Fatal(err)
		}
		check("assigned by routing (read back)", NewTicket{Channel: "web", Subject: "Attribuée",
			Body: "Une question.", Topic: "repondre"}, false)

		// A replay of an idempotency key answers with the earlier ticket, read.
		first, created, err := svc.CreateTicket(ctx, agent, phone, "cle-1")
		if err != nil || !created {
			t.Fatalf("keyed create: %v %v", err, created)
		}
		sameAsRead(t, s, "keyed", first)
		again, created, err := svc.CreateTicket(ctx, agent, phone, "cle-1")
		if err != nil || created || again.ID != first.ID {
			t.Fatalf("replay: %v created %v id %d, want %d", err, created, again.ID, first.ID)
		}
		sameAsRead(t, s, "replay", again)
	})
}

// sameAsRead fails unless got is, field by field, the stored ticket.
func sameAsRead(t *testing.T, s *store.Store, name string, got *ticket.Ticket) {
	t.Helper()
	want, err := s.FindTicketByID(context.Background(), got.ID)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if reflect.DeepEqual(got, want) {
		return
	}
	gv, wv := reflect.ValueOf(got).Elem(), reflect.ValueOf(want).Elem()
	for i := range gv.NumField() {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s: %s is %s, read %s", name, gv.Type().Field(i).Name, show(g), show(w))
		}
	}
}

// show prints a field, following a pointer; times with their zone.
func show(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return fmt.Sprintf("&%+v", rv.Elem().Interface())
	}
	if tm, ok := v.(time.Time); ok {
		return tm.Format(time.RFC3339Nano) + " (" + tm.Location().String() + ")"
	}
	return fmt.Sprintf("%+v", v)
}

func readTestUser(t *testing.T, svc *Service, role string) access.Actor {
	t.Helper()
	u, err := svc.AddUser(context.Background(), access.System(), NewUser{Email: role + "@region.example",
		Name: "Compte " + role, Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u.Actor()
}

// readTestCatalog imports a consultation of our own (works: the "travaux"
// service) and one of another buyer.
func readTestCatalog(t *testing.T, svc *Service) {
	t.Helper()
	deadline := time.Date(2026, 12, 15, 11, 0, 0, 0, time.UTC)
	batch := ImportBatch{Source: "test", Consultations: []ConsultationRecord{{
		Consultation: tender.Consultation{Reference: "2026-REG-014", Object: "Réfection des toitures",
			Procedure: "Appel d'offres ouvert", CPV: []string{"45261000-4"}, Status: tender.Open, Deadline: deadline},
		Buyer: tender.Buyer{SIRET: "23840001500013", Name: "Région Auvergne-Rhône-Alpes", Own: true}}, {
		Consultation: tender.Consultation{Reference: "26-123456", Object: "Maintenance des ascenseurs",
			Procedure: "Procédure adaptée", CPV: []string{"50750000-7"}, Status: tender.Open, Deadline: deadline},
		Buyer: tender.Buyer{Name: "Ville de Lyon", Kind: tender.Commune, Email: "marches@lyon.example"}}}}
	if _, err := svc.Import(context.Background(), access.System(), batch); err != nil {
		t.Fatalf("import: %v", err)
	}
}
