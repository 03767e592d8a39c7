package core

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/telephony"
	"github.com/guichet/guichet/internal/ticket"
)

// setTopicActive switches a topic on or off through w (the store, or a write
// transaction's caller) and drops the topics held in memory.
func setTopicActive(t *testing.T, ctx context.Context, s *store.Store, tx *store.Tx, svc *Service, id string, active bool) {
	t.Helper()
	topics, err := s.FindTopics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range topics {
		if tp.ID != id {
			continue
		}
		tp.Active = active
		if tx != nil {
			err = tx.UpsertTopic(ctx, tp)
		} else {
			err = s.Write(ctx, func(tx *store.Tx) error { return tx.UpsertTopic(ctx, tp) })
		}
		if err != nil {
			t.Fatal(err)
		}
		svc.caches.topics.invalidate()
		return
	}
	t.Fatalf("no topic %q", id)
}

var errRollBack = errors.New("roll back")

// TestDraftInTransactionReadsTopicsThroughIt: a missed call's callback and an
// inbound mail draft their request inside a write transaction; with no topics
// in memory, they must read them through that transaction, never through the
// pool (a second connection the writer would wait for). The transaction here
// turns the default topic back on before drafting: only a read through it sees
// the topic active; a read through the pool sees the committed list, where it
// is off, and refuses the request.
func TestDraftInTransactionReadsTopicsThroughIt(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
		svc := New(Options{Store: s, Now: func() time.Time { return now }})
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		setTopicActive(t, ctx, s, nil, svc, "autre", false)
		// The premise: outside a transaction the committed list is read, and refuses.
		if _, err := svc.draftTicket(ctx, access.System(), NewTicket{Channel: "web", Subject: "Q", Body: "B"}); err == nil {
			t.Fatal("a request of an inactive topic was accepted")
		}

		call := &telephony.Record{Call: telephony.Call{From: "+33472000001", To: "+33472999999", StartedAt: now,
			EndedAt: now.Add(20 * time.Second), Result: telephony.Missed}}
		err := s.Write(ctx, func(tx *store.Tx) error {
			setTopicActive(t, ctx, s, tx, svc, "autre", true)
			id, err := svc.callback(ctx, tx, &telephony.PBX{ID: 1, Name: "Test"}, call)
			if err != nil {
				return err
			}
			if tk, err := tx.FindTicketByID(ctx, id); err != nil || tk.Topic != "autre" {
				t.Errorf("callback request %d: %v, %+v", id, err, tk)
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			t.Fatalf("callback drafted in its transaction: %v", err)
		}

		setTopicActive(t, ctx, s, nil, svc, "autre", false)
		mail := &inboundMail{p: &gmail.Parsed{From: "paul@exemple.example", FromName: "Paul Martin", Subject: "Question DCE",
			MessageID: "q1@exemple.example", Text: "Où trouver le DCE ?", Body: "Où trouver le DCE ?", Date: now}}
		var tk *ticket.Ticket
		var msgID int64
		err = s.Write(ctx, func(tx *store.Tx) (err error) {
			setTopicActive(t, ctx, s, tx, svc, "autre", true)
			tk, msgID, err = svc.createFromMail(ctx, tx, mail, nil)
			return err
		})
		if err != nil {
			t.Fatalf("mail drafted in its transaction: %v", err)
		}
		// The request createFromMail answers with is the one stored, without a read back.
		sameAsRead(t, s, "from mail", tk)
		msgs, err := s.FindMessages(ctx, tk.ID)
		if err != nil || len(msgs) == 0 || msgs[0].ID != msgID {
			t.Fatalf("first message id %d, stored %+v (%v)", msgID, msgs, err)
		}
		if tk.Contact == nil || tk.Contact.Email != "paul@exemple.example" || tk.Channel != ticket.Email {
			t.Fatalf("mail request: %+v", tk)
		}
	})
}

// TestCreationPassesItsParties: the reactions to a new request (its
// acknowledgement, its search document) take the company and the contact the
// creation found or wrote instead of reading them again; what they get is what
// a read gives — the stored address of a contact found by phone, the stored name
// of a known company, not the names typed — and the acknowledgement goes there.
func TestCreationPassesItsParties(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := New(Options{Store: s})
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		agent := readTestUser(t, svc, "agent")
		first := NewTicket{Channel: "phone", Subject: "Attestation", Body: "Laquelle ?",
			Company: &CompanyInput{SIRET: "443 061 841 00047", Name: "Menuiserie Dupont"},
			Contact: &ContactInput{Name: "Anne Dupont", Phone: "04 72 00 00 00", Email: "anne@dupont.example"}}
		if _, _, err := svc.CreateTicket(ctx, agent, first, ""); err != nil {
			t.Fatal(err)
		}
		// The same people, typed differently: found by SIRET and by phone.
		again := NewTicket{Channel: "web", Subject: "Relance", Body: "Toujours pas de réponse.",
			Company: &CompanyInput{SIRET: "44306184100047", Name: "Dupont SARL"},
			Contact: &ContactInput{Name: "A. D.", Phone: "+33472000000"}}
		tk, _, err := svc.CreateTicket(ctx, agent, again, "")
		if err != nil {
			t.Fatal(err)
		}
		rows, err := s.FindOutMails(ctx, store.OutMailFilter{TicketID: tk.ID})
		if err != nil || len(rows) != 1 || !reflect.DeepEqual(rows[0].Recipients, []string{"anne@dupont.example"}) {
			t.Fatalf("acknowledgement of %s: %v, %+v", tk.Number, err, rows)
		}
		// What the reactions are given, with the rows and by reading them.
		err = s.Write(ctx, func(tx *store.Tx) error {
			stored, err := tx.FindTicketByID(ctx, tk.ID)
			if err != nil {
				return err
			}
			bare := *stored
			bare.Company, bare.Contact = nil, nil
			held, err := svc.withParties(ctx, tx, &bare, stored.Company, stored.Contact)
			if err != nil {
				return err
			}
			read, err := svc.withParties(ctx, tx, &bare, nil, nil)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(held, read) {
				t.Errorf("parties held %+v %+v, read %+v %+v", held.Company, held.Contact, read.Company, read.Contact)
			}
			if read.Company.Name != "Menuiserie Dupont" || read.Company.SIRET != "44306184100047" ||
				read.Contact.Email != "anne@dupont.example" {
				t.Errorf("parties read: %+v %+v", read.Company, read.Contact)
			}
			anonymous := bare
			anonymous.CompanyID, anonymous.ContactID = 0, 0
			if got, err := svc.withParties(ctx, tx, &anonymous, nil, nil); err != nil || got.Company != nil || got.Contact != nil {
				t.Errorf("anonymous parties: %v, %+v", err, got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}

// TestLogCallCarriesTheTicket: LogCall writes the request, its note and its
// ending in one transaction, carrying the request from one step to the next
// instead of reading it back before each; at every step the request carried
// must be what a read inside the transaction gives. The ending then applies to
// it as UpdateTicket would (state, assignee, outcome, in the audit trail).
func TestLogCallCarriesTheTicket(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		paris, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			t.Fatal(err)
		}
		now := time.Date(2026, 11, 24, 10, 0, 0, 123456789, paris)
		svc := New(Options{Store: s, Now: func() time.Time { now = now.Add(1001 * time.Nanosecond); return now }})
		if err := svc.Seed(ctx); err != nil {
			t.Fatal(err)
		}
		agent := readTestUser(t, svc, "agent")
		call := NewCall{Company: &CompanyInput{SIRET: "443 061 841 00047", Name: "Menuiserie Dupont"},
			Contact: &ContactInput{Name: "Anne Dupont", Phone: "04 72 12 34 56"}, Topic: "dce", Scope: "general",
			Question: "Où trouver le DCE ?", Answer: "Sur le profil d'acheteur.", CallSeconds: 60, Ending: CallFollowUp}
		d, _, err := svc.draftCall(ctx, agent, call)
		if err != nil {
			t.Fatal(err)
		}
		err = s.Write(ctx, func(tx *store.Tx) error {
			w, err := svc.writeTicket(ctx, tx, agent, d, "", "")
			if err != nil {
				return err
			}
			tk, err := writtenTicket(ctx, tx, w)
			if err != nil {
				return err
			}
			sameInTx(t, ctx, tx, "written", tk)
			for _, kind := range []ticket.MessageKind{ticket.Note, ticket.Outbound} {
				m := ticket.Message{Kind: kind, Body: "Réponse " + string(kind), AuthorID: agent.UserID, AuthorName: agent.Name}
				if err := svc.messageOnTicket(ctx, tx, agent, tk, m); err != nil {
					return err
				}
				if tk, err = asStored(ctx, tx, tk); err != nil {
					return err
				}
				sameInTx(t, ctx, tx, "after a "+string(kind), tk)
			}
			return errRollBack
		})
		if !errors.Is(err, errRollBack) {
			t.Fatal(err)
		}
		for _, ending := range []string{CallFollowUp, CallResolved} {
			call.Ending = ending
			tk, err := svc.LogCall(ctx, agent, call, "")
			if err != nil {
				t.Fatalf("%s: %v", ending, err)
			}
			if tk.AssigneeID != agent.UserID || tk.Assignee == nil || tk.Assignee.Name != agent.Name || tk.Version < 2 ||
				(ending == CallResolved) != (tk.State == ticket.Resolved) {
				t.Fatalf("%s: %+v", ending, tk)
			}
			msgs, err := s.FindMessages(ctx, tk.ID)
			if err != nil || len(msgs) != 2 || msgs[1].Kind != ticket.Note {
				t.Fatalf("%s: messages %+v %v", ending, msgs, err)
			}
		}
	})
}

// sameInTx fails unless got is, field by field, the ticket as tx reads it.
func sameInTx(t *testing.T, ctx context.Context, tx *store.Tx, name string, got *ticket.Ticket) {
	t.Helper()
	want, err := tx.FindTicketByID(ctx, got.ID)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: carried %+v\nread %+v", name, got, want)
	}
}
