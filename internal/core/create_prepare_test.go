package core

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// prepareService is a seeded service with a frozen clock, so that a mail
// composed before the transaction and one composed in it carry the same Date.
func prepareService(t *testing.T, s *store.Store) *Service {
	t.Helper()
	now := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	svc := New(Options{Store: s, Now: func() time.Time { return now }})
	if err := svc.Seed(context.Background()); err != nil {
		t.Fatalf("seed: %v", err)
	}
	return svc
}

// ackSubjects put the number at every column of the quoted-printable lines (and
// the subject's encoded words), with and without accents.
func ackSubjects() []string {
	var out []string
	for n := 1; n <= 90; n += 1 {
		out = append(out, strings.Repeat("x", n))
	}
	for n := 1; n <= 40; n += 3 {
		out = append(out, strings.Repeat("é", n)+" à l'accès")
	}
	return append(out, "Question sur le lot 2", "Réponse « DCE » du 2026-REG-014 : pièce manquante ?")
}

// TestPreparedAckIsWhatQueueMailComposes checks that the acknowledgement composed
// before the transaction, once its placeholders are filled, is byte for byte the
// mail queueMail composes in the transaction, for subjects that put the number at
// every place of the lines; and that the preparation gives up rather than risk a
// difference.
func TestPreparedAckIsWhatQueueMailComposes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := prepareService(t, s)
		a := access.System()
		prepared := 0
		subjects := ackSubjects()
		for _, subject := range subjects {
			in := NewTicket{Channel: "web", Subject: subject, Body: "Bonjour",
				Contact: &ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}}
			d, err := svc.draftTicket(ctx, a, in)
			if err != nil {
				t.Fatalf("draft %q: %v", subject, err)
			}
			p := svc.prepareAck(ctx, d)
			// The reference: the same draft written without preparation.
			var id int64
			if err := s.Write(ctx, func(tx *store.Tx) (err error) {
				id, _, err = svc.insertTicket(ctx, tx, a, d, "", "")
				return err
			}); err != nil {
				t.Fatalf("create %q: %v", subject, err)
			}
			rows, err := s.FindOutMails(ctx, store.OutMailFilter{TicketID: id})
			if err != nil || len(rows) != 1 {
				t.Fatalf("outbox of %d: %v (%d rows)", id, err, len(rows))
			}
			ref := rows[0]
			tk, err := s.FindTicketByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			token := gmail.ReplyToken(svc.mailSt.tokenKey, id)
			if p == nil || len(token) != len(p.token) {
				continue // the transaction composes it, as for ref
			}
			prepared++
			raw, subj := p.fill(tk.Number, token)
			// Message-ID and MIME boundary are random in every composed mail.
			raw = strings.Replace(raw, p.messageID, ref.MessageID, 1)
			raw = strings.ReplaceAll(raw, boundaryOf(raw), boundaryOf(ref.Raw))
			if raw != ref.Raw || subj != ref.Subject {
				t.Fatalf("subject %q: prepared mail differs\n--- prepared (%q)\n%s\n--- in the transaction (%q)\n%s",
					subject, subj, raw, ref.Subject, ref.Raw)
			}
		}
		t.Logf("%d of %d acknowledgements prepared", prepared, len(subjects))
		// Most lengths must take the fast path, or the preparation is useless.
		if prepared < len(subjects)*3/4 {
			t.Fatalf("only %d of %d acknowledgements prepared", prepared, len(subjects))
		}
	})
}

// TestPrepareAckGivesUp lists what must make the preparation step aside.
func TestPrepareAckGivesUp(t *testing.T) {
	s := storetest.OpenSQLite(t)
	ctx := context.Background()
	svc := prepareService(t, s)
	admin := access.Actor{Role: access.Admin}
	draft := func(subject string) *draft {
		d, err := svc.draftTicket(ctx, access.System(), NewTicket{Channel: "web", Subject: subject, Body: "Bonjour",
			Contact: &ContactInput{Email: "anne@dupont.example"}})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if svc.prepareAck(ctx, draft("Lot 2")) == nil {
		t.Fatal("a plain request was not prepared")
	}
	if p := svc.prepareAck(ctx, draft("Rappel de la demande "+ackNumber)); p != nil {
		t.Fatal("a subject holding the placeholder was prepared")
	}
	phone := draft("Lot 2")
	phone.ticket.Channel = "phone"
	if svc.prepareAck(ctx, phone) != nil {
		t.Fatal("a call got an acknowledgement")
	}
	if svc.prepareAck(context.WithValue(ctx, inboundMailKey{}, "m1@x"), draft("Lot 2")) != nil {
		t.Fatal("a request answering a mail was prepared without its threading headers")
	}
	src, err := gmail.DefaultSource("ack", "fr")
	if err != nil {
		t.Fatal(err)
	}
	year := strings.Replace(src, "Elle porte le numéro {{.Number}}", "Elle porte le numéro {{printf \"%.4s\" .Number}}", 1)
	if year == src {
		t.Fatal("the default template changed: update the test")
	}
	if err := svc.SaveMailTemplate(ctx, admin, "ack", "fr", year); err != nil {
		t.Fatal(err)
	}
	if svc.prepareAck(ctx, draft("Lot 2")) != nil {
		t.Fatal("a template transforming the number was prepared (the cache kept the old template?)")
	}
	if err := svc.ResetMailTemplate(ctx, admin, "ack", "fr"); err != nil {
		t.Fatal(err)
	}
	if svc.prepareAck(ctx, draft("Lot 2")) == nil {
		t.Fatal("the default template is back, but the preparation still gives up")
	}
}

// TestCreatedAcksCarryTheirNumberAndToken checks, through CreateTicket, that every
// acknowledgement names its own request, including across ids that gain a digit
// (where the prepared reply token has the wrong length).
func TestCreatedAcksCarryTheirNumberAndToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		svc := prepareService(t, s)
		admin := access.Actor{Role: access.Admin}
		for i := 1; i <= 12; i++ {
			in := NewTicket{Channel: "web", Subject: fmt.Sprintf("Question %d", i), Body: "Bonjour",
				Contact: &ContactInput{Email: fmt.Sprintf("contact%d@dupont.example", i)}}
			tk, _, err := svc.CreateTicket(ctx, admin, in, "")
			if err != nil {
				t.Fatal(err)
			}
			rows, err := s.FindOutMails(ctx, store.OutMailFilter{TicketID: tk.ID})
			if err != nil || len(rows) != 1 {
				t.Fatalf("outbox of %d: %v (%d rows)", tk.ID, err, len(rows))
			}
			m := rows[0]
			if !strings.Contains(m.Subject, tk.Number) || !strings.Contains(m.Raw, "X-Guichet-Ticket: "+tk.Number) ||
				strings.Contains(m.Raw, ackNumber) || strings.Contains(m.Raw, "zzzzzzzz") {
				t.Fatalf("ack of %s: subject %q\n%s", tk.Number, m.Subject, m.Raw)
			}
			token := gmail.TokenIn([]string{replyToOf(m.Raw)}, "cellule@localhost")
			if id, ok := gmail.CheckReplyToken(svc.mailSt.tokenKey, token); !ok || id != tk.ID {
				t.Fatalf("ack of %s: reply token %q names %d (%v)", tk.Number, token, id, ok)
			}
			if m.Recipients[0] != in.Contact.Email {
				t.Fatalf("ack of %s sent to %v", tk.Number, m.Recipients)
			}
		}
	})
}

var boundaryRE = regexp.MustCompile(`boundary=([0-9a-f]+)`)

func boundaryOf(raw string) string {
	if m := boundaryRE.FindStringSubmatch(raw); m != nil {
		return m[1]
	}
	return "\x00none"
}

func replyToOf(raw string) string {
	for _, line := range strings.Split(raw, "\r\n") {
		if v, ok := strings.CutPrefix(line, "Reply-To: "); ok {
			return strings.Trim(v, "<> ")
		}
	}
	return ""
}
