package core_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/mail/mailtest"
	"github.com/guichet/guichet/internal/mail/poller"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// thread is what a company's reply refers to: the request's number, the
// acknowledgement's Message-ID and its Reply-To (with the reply token).
type thread struct{ number, msgID, replyTo string }

func emlFixture(t *testing.T, name string, th thread) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "mail", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	r := strings.NewReplacer("{{NUMBER}}", th.number, "{{MSGID}}", th.msgID, "{{REPLY_TO}}", th.replyTo)
	return []byte(r.Replace(string(b)))
}

// inboundFixture is a service with a web request from Anne Dupont (contact
// anne@dupont.example), waiting for her answer, and its acknowledgement queued.
func inboundFixture(t *testing.T, s *store.Store) (*fixture, *core.Service, *ticket.Ticket, thread) {
	t.Helper()
	f := newFixture(t, s)
	svc := core.New(core.Options{Store: s, Now: f.clock, Mail: core.MailOptions{
		From: "Cellule marchés publics <cellule@region.example>", Domain: "guichet.region.example",
		BaseURL: "https://guichet.region.example"}})
	ctx := context.Background()
	agent := f.actors[access.Agent]
	tk, _, err := svc.CreateTicket(ctx, agent, webRequest(), "")
	if err != nil {
		t.Fatal(err)
	}
	waiting := ticket.WaitingCompany
	if tk, err = svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &waiting}, tk.Version); err != nil {
		t.Fatal(err)
	}
	out, err := svc.Outbox(ctx, f.actors[access.Admin], "", tk.ID, 0)
	if err != nil || len(out) != 1 {
		t.Fatalf("acknowledgement: %v %v", out, err)
	}
	rows, _ := s.FindOutMails(ctx, store.OutMailFilter{TicketID: tk.ID})
	p := mail.Parse([]byte(rows[0].Raw), mail.ParseOptions{})
	replyTo := "cellule@region.example"
	for _, l := range strings.Split(rows[0].Raw, "\r\n") {
		if strings.HasPrefix(l, "Reply-To: ") {
			replyTo = strings.Trim(strings.TrimPrefix(l, "Reply-To: "), "<>")
		}
	}
	_ = p
	return f, svc, tk, thread{number: tk.Number, msgID: out[0].MessageID, replyTo: replyTo}
}

// pollAll runs the IMAP poller until every mail in the mailbox is processed.
func pollAll(t *testing.T, svc *core.Service, srv *mailtest.IMAP, n int, maxBytes int64) {
	t.Helper()
	p, err := poller.Parse(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	if maxBytes > 0 {
		p.MaxBytes = maxBytes
	}
	p.Interval = 20 * time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx, svc.MailInbox()) }()
	for {
		last, err := svc.MailInbox().LastUID(ctx, p.Name(), 1)
		if err == nil && last >= uint32(n) {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("poller stopped: %v", err)
		case <-ctx.Done():
			t.Fatalf("processed %d of %d mails", last, n)
		case <-time.After(20 * time.Millisecond):
		}
	}
	cancel()
	<-done
}

func TestIncomingMailThroughIMAP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f, svc, tk, th := inboundFixture(t, s)
		agent, admin := f.actors[access.Agent], f.actors[access.Admin]
		srv := mailtest.StartIMAP(t, true)
		fromContact := bytes.ReplaceAll(emlFixture(t, "outlook.eml", th), []byte("Anne.Dupont@menuiserie-dupont.example"), []byte("anne@dupont.example"))
		names := []string{"gmail.eml", "thunderbird.eml", "apple_mail.eml", "html_only.eml", "nested.eml", "latin1_qp.eml",
			"no_charset.eml", "garbled_charset.eml", "auto_reply.eml", "bounce.eml", "list.eml", "broken_mime.eml"}
		raws := [][]byte{fromContact}
		for _, n := range names {
			raws = append(raws, emlFixture(t, n, th))
		}
		raws = append(raws, fromContact) // delivered twice by the mail server: same Message-ID
		srv.Append(raws...)
		pollAll(t, svc, srv, len(raws), 0)

		// The replies: attached to the request, which is reopened; Gmail's comes
		// from another address and is flagged, not merged silently.
		got, err := svc.Ticket(ctx, agent, tk.ID)
		if err != nil || got.State != ticket.Open {
			t.Fatalf("request after the reply: %v %v", got.State, err)
		}
		msgs, _ := svc.Messages(ctx, agent, tk.ID)
		var inbound, notes []ticket.Message
		for _, m := range msgs {
			switch m.Kind {
			case ticket.Inbound:
				inbound = append(inbound, m)
			case ticket.Note:
				notes = append(notes, m)
			}
		}
		if len(inbound) != 3 || !strings.Contains(inbound[1].Body, "DC1 suffit") || strings.Contains(inbound[1].Body, "Envoyé :") ||
			!strings.Contains(inbound[2].Body, "visite obligatoire") || strings.Contains(inbound[2].Body, "enregistrée") {
			t.Fatalf("replies on the request: %+v", inbound)
		}
		if len(inbound[1].Attachments) != 1 || inbound[1].Attachments[0].Name != "Kbis Menuiserie Dupont.pdf" {
			t.Errorf("the Outlook reply's PDF: %+v", inbound[1].Attachments)
		}
		if len(notes) != 1 || !strings.Contains(notes[0].Body, "karim.benali@gmail.com") {
			t.Errorf("the agent is told about the other sender: %+v", notes)
		}
		trail, _ := s.FindAudit(ctx, tk.ID)
		if !hasChange(trail, "mail_sender_mismatch", "karim.benali@gmail.com") {
			t.Errorf("audit lacks the flag: %+v", trail)
		}
		mails, _ := svc.TicketMails(ctx, agent, tk.ID)
		if len(mails) != 2 || mails[0].Status != "reply" || len(mails[0].Flags) != 0 ||
			strings.Join(mails[1].Flags, ",") != core.FlagSenderMismatch || !strings.Contains(mails[0].FullText, "Le lot 2 peut recevoir") {
			t.Errorf("mails of the request: %+v", mails)
		}

		// New mails: one request each, channel email, acknowledged.
		list, _, err := s.FindTickets(ctx, ticket.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		byFrom := map[string]*ticket.Ticket{}
		for _, x := range list {
			if x.ID != tk.ID {
				full, _ := s.FindTicketByID(ctx, x.ID)
				if full.Channel != ticket.Email || full.Contact == nil {
					t.Errorf("request %s: channel %s contact %v", full.Number, full.Channel, full.Contact)
					continue
				}
				byFrom[full.Contact.Email] = full
			}
		}
		wantNew := []string{"j.martin@btp-rhone.example", "sophie.levy@icloud.example", "achats@collectivite.example",
			"paul.girard@ingenierie.example", "f.berard@orange.example", "c.roux@free.example", "marc.petit@wanadoo.example",
			"luc.moreau@plomberie.example"}
		if len(byFrom) != len(wantNew) {
			t.Errorf("new requests from %v", keys(byFrom))
		}
		for _, from := range wantNew {
			nt := byFrom[from]
			if nt == nil {
				t.Errorf("no request from %s", from)
				continue
			}
			acks, _ := svc.Outbox(ctx, admin, "", nt.ID, 0)
			if len(acks) != 1 || acks[0].Template != "ack" || acks[0].To[0] != from {
				t.Errorf("%s: acknowledgement %+v", from, acks)
			}
		}
		if m := byFrom["j.martin@btp-rhone.example"]; m == nil || m.Company == nil || m.Company.SIRET != "44306184100047" {
			t.Errorf("the SIRET in the text finds the company: %+v", m)
		}
		if m := byFrom["f.berard@orange.example"]; m == nil || m.Contact.Name != "François Bérard" || m.Subject != "Rejet de notre offre : pourquoi ?" {
			t.Errorf("Latin-1: %+v", m)
		}
		ack := firstAckRaw(t, s, byFrom["sophie.levy@icloud.example"])
		if !strings.Contains(ack, "In-Reply-To: <8C4B1E2F-3A5D-4F6E-9B7C-1D2E3F4A5B6C@icloud.example>") {
			t.Errorf("the acknowledgement answers the company's mail:\n%s", ack)
		}
		bodyOf := func(from string) string {
			ms, _ := s.FindMessages(ctx, byFrom[from].ID)
			return ms[0].Body
		}
		if b := bodyOf("c.roux@free.example"); !strings.Contains(b, "80 000 €") {
			t.Errorf("no charset: %q", b)
		}
		if b := bodyOf("achats@collectivite.example"); !strings.Contains(b, "DUME") || strings.Contains(b, "alert") {
			t.Errorf("HTML only: %q", b)
		}
		ms, _ := s.FindMessages(ctx, byFrom["luc.moreau@plomberie.example"].ID)
		if len(ms) != 2 || ms[1].Kind != ticket.Note || !strings.Contains(ms[1].Body, "Mail :") {
			t.Errorf("broken MIME is flagged for the agent: %+v", ms)
		}

		// Robots and the duplicate created nothing and were not acknowledged.
		ignored, _ := svc.IgnoredMails(ctx, admin, 50)
		reasons := map[string]string{}
		for _, m := range ignored {
			reasons[m.From] = m.Status + ": " + m.Reason
		}
		for _, from := range []string{"anne.dupont@menuiserie-dupont.example", "mailer-daemon@mx.region.example", "newsletter@achats-publics.example"} {
			if !strings.HasPrefix(reasons[from], "ignored: ") {
				t.Errorf("%s: %q", from, reasons[from])
			}
		}
		if !strings.HasPrefix(reasons["anne@dupont.example"], "duplicate") {
			t.Errorf("second copy: %q", reasons["anne@dupont.example"])
		}
		all, _ := svc.Outbox(ctx, admin, "", 0, 0)
		if len(all) != 1+len(wantNew) {
			t.Errorf("%d mails queued, want %d", len(all), 1+len(wantNew))
		}
	})
}

func hasChange(trail []ticket.AuditEntry, field, value string) bool {
	for _, a := range trail {
		if a.Field == field && a.New == value {
			return true
		}
	}
	return false
}

func keys(m map[string]*ticket.Ticket) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func firstAckRaw(t *testing.T, s *store.Store, tk *ticket.Ticket) string {
	t.Helper()
	if tk == nil {
		t.Fatal("no request")
	}
	rows, _ := s.FindOutMails(context.Background(), store.OutMailFilter{TicketID: tk.ID})
	if len(rows) == 0 {
		t.Fatal("no mail")
	}
	return rows[0].Raw
}

// A mail is processed once even when delivered twice (an interrupted poll, a
// second instance), and a forged reply token attaches nothing.
func TestIncomingMailOnceAndForgedToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f, svc, tk, th := inboundFixture(t, s)
		agent := f.actors[access.Agent]
		forged := strings.Replace(th.replyTo, "+", "+0", 1) // the request's id with a wrong signature
		raw := []byte("From: Anne Dupont <anne@dupont.example>\r\nTo: " + forged + "\r\nSubject: Autre question\r\n" +
			"Message-ID: <forged-1@dupont.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEt pour le lot 3 ?\r\n")
		tampered := strings.Replace(th.replyTo, "@", "x@", 1)
		raw2 := []byte("From: Anne Dupont <anne@dupont.example>\r\nTo: " + tampered + "\r\nSubject: Encore une question\r\n" +
			"Message-ID: <forged-2@dupont.example>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nEt pour le lot 4 ?\r\n")
		in := mail.Fetched{Mailbox: "test/INBOX", UIDValidity: 7, UID: 1, Raw: raw}
		first, err := svc.ReceiveMail(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		again, err := svc.ReceiveMail(ctx, in)
		if err != nil || again.Status != "" {
			t.Fatalf("second delivery: %+v %v", again, err)
		}
		second, err := svc.ReceiveMail(ctx, mail.Fetched{Mailbox: "test/INBOX", UIDValidity: 7, UID: 2, Raw: raw2})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []core.InboundResult{first, second} {
			if r.Status != "created" || r.TicketID == tk.ID || !contains(r.Flags, core.FlagForgedToken) {
				t.Errorf("forged token: %+v", r)
			}
		}
		msgs, _ := svc.Messages(ctx, agent, tk.ID)
		if len(msgs) != 1 {
			t.Errorf("the forged reply reached the request: %+v", msgs)
		}
		if last, _ := svc.MailInbox().LastUID(ctx, "test/INBOX", 7); last != 2 {
			t.Errorf("last uid %d", last)
		}
		// A reply to a closed request opens a new one, linked by a note.
		resolved, closed, outcome := ticket.Resolved, ticket.Closed, ticket.AnsweredByCell
		cur, _ := svc.Ticket(ctx, agent, tk.ID)
		cur, err = svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &resolved, Outcome: &outcome}, cur.Version)
		if err != nil {
			t.Fatal(err)
		}
		if _, err = svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &closed}, cur.Version); err != nil {
			t.Fatal(err)
		}
		reply := []byte("From: anne@dupont.example\r\nTo: cellule@region.example\r\nSubject: Re: [Demande " + tk.Number + "] merci\r\n" +
			"Message-ID: <after-close@dupont.example>\r\n\r\nMerci, et pour le lot 5 ?\r\n")
		res, err := svc.ReceiveMail(ctx, mail.Fetched{Mailbox: "test/INBOX", UIDValidity: 7, UID: 3, Raw: reply})
		if err != nil || res.Status != "created" || res.TicketID == tk.ID {
			t.Fatalf("reply after closure: %+v %v", res, err)
		}
		ms, _ := svc.Messages(ctx, agent, res.TicketID)
		if len(ms) != 2 || !strings.Contains(ms[1].Body, "suite de la demande "+tk.Number) {
			t.Errorf("new request's messages: %+v", ms)
		}
	})
}

// A 50 MB attachment is refused within the limits, the mail's text is kept: the
// poller reads only the start of the mail, the parser refuses the cut file.
func TestIncomingMailHugeAttachment(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB mail")
	}
	s := storetest.OpenSQLite(t)
	_, svc, _, _ := inboundFixture(t, s)
	var b bytes.Buffer
	b.Grow(70 << 20)
	fmt.Fprint(&b, "From: Gros Fichier <gros@fichier.example>\r\nTo: cellule@region.example\r\nSubject: Notre offre complète\r\n"+
		"Message-ID: <huge@fichier.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n"+
		"--B\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nVoici notre offre, pouvez-vous la vérifier ?\r\n"+
		"--B\r\nContent-Type: application/zip\r\nContent-Disposition: attachment; filename=\"offre.zip\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
	// 1 MB of random bytes, then zeros up to 50 MB, in base64 lines of 57 bytes
	// (the zeros as whole lines of "A": cheap to build under the race detector).
	head := make([]byte, 57*18396)
	rand.Read(head)
	for len(head) > 0 {
		b.WriteString(base64.StdEncoding.EncodeToString(head[:57]) + "\r\n")
		head = head[57:]
	}
	b.Write(bytes.Repeat([]byte(strings.Repeat("A", 76)+"\r\n"), (50<<20)/57-18396))
	b.WriteString("\r\n--B--\r\n")
	srv := mailtest.StartIMAP(t, true)
	srv.Append(b.Bytes())
	pollAll(t, svc, srv, 1, 12<<20) // the poller reads the first 12 MB: the text, not the file
	list, _, _ := s.FindTickets(context.Background(), ticket.Filter{Limit: 10})
	var found *ticket.Ticket
	for _, x := range list {
		if x.Subject == "Notre offre complète" {
			found = x
		}
	}
	if found == nil {
		t.Fatal("the mail's request was not created")
	}
	ms, _ := s.FindMessages(context.Background(), found.ID)
	if len(ms) != 2 || !strings.Contains(ms[0].Body, "Voici notre offre") || len(ms[0].Attachments) != 0 ||
		!strings.Contains(ms[1].Body, "offre.zip") || !strings.Contains(ms[1].Body, "tronqué") {
		t.Errorf("messages: %+v", ms)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
