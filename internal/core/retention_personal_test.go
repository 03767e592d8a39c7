package core_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	gmail "github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/mail/sender"
	"github.com/guichet/guichet/internal/report"
	"github.com/guichet/guichet/internal/report/reporttest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// personal are the strings a request of Zéphyrine Quasimodo leaves: her name,
// addresses, phone numbers, words of the subjects, the attachment's name and
// bytes. Nothing here is in the company's data (Menuiserie Dupont), which is kept.
var personal = []string{"Quasimodo", "Zéphyrine", "zephyrine", "472112233", "72 11 22 33", "698765432",
	"98 76 54 32", "xylophag", "vermoulu", "CONTENU-PERSONNEL-QZX", "satisfaite"}

// TestRetentionLeavesNoPersonalData fills every place a request's personal
// data goes (request, messages, attachment and its content, audit trail,
// outbox, received mail, survey, call, contact, search index), lets three
// years pass and checks that, after retention, none of the strings is left in
// any column of any table (read table by table, so that a table added later
// is checked too) nor in the attachment storage; that the week's figures are
// those of before; that a dry run changes nothing and a second run nothing.
func TestRetentionLeavesNoPersonalData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		// As in production: contents on disk with SQLite, in the database with PostgreSQL.
		dir := t.TempDir()
		var blobs attach.Blobs = s.Blobs()
		if s.Dialect() == store.SQLite {
			blobs = attach.Dir(dir)
		}
		srv := newSMTPServer(t)
		srv.start()
		svc := retentionService(t, f, s, srv, blobs)
		tk := personalRequest(t, f, svc, s)
		week := report.WeekOf(tk.CreatedAt, svc.Location())
		hits := findPersonal(t, s, dir)
		storage := "storage" // the files
		if s.Dialect() == store.Postgres {
			storage = "attachment_blobs"
		}
		for _, table := range []string{"tickets", "messages", "contacts", "attachments", "audit", "outbox",
			"inbound_mail", "surveys", "calls", "callbacks", "kb_suggestions", "search_docs", storage} {
			if !strings.Contains(hits, table+".") {
				t.Errorf("the fixture leaves nothing in %s: the check would prove nothing (%s)", table, hits)
			}
		}

		f.advance(3*365*24*time.Hour + 72*time.Hour)
		before, err := svc.Figures(ctx, access.System(), week, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if before.Volume != 2 || before.Escalated[0].Key != "travaux" || before.Escalated[0].N != 1 {
			t.Fatalf("figures before: %+v", before)
		}
		dry, err := svc.ApplyRetention(ctx, 0, true)
		if err != nil || len(dry.Items) != 2 || dry.Done != 0 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		for _, kind := range []string{"subject", "messages", "attachments", "audit_values", "outbox", "inbound_mail",
			"surveys", "callbacks", "calls", "suggestions", "contact", "search_docs"} {
			if dry.Erased[kind] == 0 {
				t.Errorf("the dry run counts no %s: %+v", kind, dry.Erased)
			}
		}
		if after := findPersonal(t, s, dir); after != hits {
			t.Fatalf("the dry run changed data:\n%s\n%s", hits, after)
		}

		rep, err := svc.ApplyRetention(ctx, 0, false)
		if err != nil || rep.Done != 2 || rep.Files != 1 {
			t.Fatalf("run: %+v %v", rep, err)
		}
		for kind, n := range dry.Erased {
			if rep.Erased[kind] != n {
				t.Errorf("%s: the dry run counted %d, the run erased %d", kind, n, rep.Erased[kind])
			}
		}
		if left := findPersonal(t, s, dir); left != "" {
			t.Errorf("personal data left after retention:\n%s", left)
		}
		after, err := svc.Figures(ctx, access.System(), week, report.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(before, after) {
			t.Errorf("the figures moved:\n%+v\n%+v", before, after)
		}
		checkAnonymisedRequest(t, f, svc, tk.ID)

		again, err := svc.ApplyRetention(ctx, 0, false)
		if err != nil || again.Done != 0 || again.Files != 0 || len(again.Erased) != 0 {
			t.Fatalf("second run: %+v %v", again, err)
		}
	})
}

func retentionService(t *testing.T, f *fixture, s *store.Store, srv *smtpServer, blobs attach.Blobs) *core.Service {
	t.Helper()
	snd, err := sender.Parse("smtp://" + srv.addr + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	return core.New(core.Options{Store: s, Now: f.clock,
		Attach:  attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: blobs}),
		Reports: core.ReportOptions{SurveyDelay: time.Hour},
		Mail: core.MailOptions{From: "Cellule marchés publics <cellule@region.example>", ReplyTo: "cellule@region.example",
			Domain: "guichet.region.example", BaseURL: "https://guichet.region.example/", Sender: snd, MaxAttempts: 1}})
}

// personalRequest writes Zéphyrine Quasimodo's request and its whole life:
// an attachment, a subject corrected, an escalation to a service, an answer
// mailed, a reply from another address of hers, a call, the survey with a
// comment, the closing; a missed call of hers (a callback request); and what she typed in the public form before sending.
func personalRequest(t *testing.T, f *fixture, svc *core.Service, s *store.Store) *ticket.Ticket {
	t.Helper()
	ctx := context.Background()
	agent := f.actors[access.Agent]
	file, err := svc.StoreAttachment(ctx, ticket.Web, "rib-zephyrine-quasimodo.txt",
		strings.NewReader("Relevé d'identité de Zéphyrine Quasimodo\nCONTENU-PERSONNEL-QZX\n"))
	if err != nil {
		t.Fatal(err)
	}
	// What she typed in the public form while it suggested articles.
	if err := svc.RecordSuggestions(ctx, "visite-zq", "xylophagie charpente Quasimodo", nil); err != nil {
		t.Fatal(err)
	}
	in := webRequest()
	in.Subject, in.Body = "Xylophagie de la charpente", "Bonjour, Zéphyrine Quasimodo, joignable au 04 72 11 22 33."
	in.Contact = &core.ContactInput{Name: "Zéphyrine Quasimodo", Email: "zephyrine@quasimodo.example", Phone: "04 72 11 22 33"}
	in.Attachments = []ticket.Attachment{file}
	tk, _, err := svc.CreateTicket(ctx, agent, in, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SuggestionsFollowed(ctx, "visite-zq", tk.ID); err != nil {
		t.Fatal(err)
	}
	deliver(t, svc)
	update := func(u ticket.Update) {
		t.Helper()
		cur, err := svc.Ticket(ctx, agent, tk.ID)
		if err == nil {
			_, err = svc.UpdateTicket(ctx, agent, tk.ID, u, cur.Version)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	subject := "Charpente vermoulue de Mme Quasimodo"
	update(ticket.Update{Subject: &subject})
	team, escalated := "travaux", ticket.Escalated
	update(ticket.Update{TeamID: &team, State: &escalated})
	if _, err := svc.AddMessage(ctx, f.actors[access.Admin], tk.ID, core.NewMessage{Kind: "outbound",
		Body: "Bonjour Madame Quasimodo, voici la réponse."}); err != nil {
		t.Fatal(err)
	}
	deliver(t, svc)
	receiveReply(t, svc, s, tk)
	p, err := svc.AuthenticatePBX(ctx, mustPBX(t, svc, f), netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	call, err := svc.HandleCallEvent(ctx, p, core.CallEventInput{Event: "answered", CallID: "zq-1", From: "04 72 11 22 33", Extension: "201"})
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.LinkCall(ctx, agent, fmt.Sprint(call.Call.ID), tk.ID); err != nil {
		t.Fatal(err)
	}
	// A missed call of hers: a callback request of its own, resolved the same day.
	if _, err := svc.HandleCallEvent(ctx, p, core.CallEventInput{Event: "new_call", CallID: "zq-2", From: "04 72 11 22 33", Queue: "marches"}); err != nil {
		t.Fatal(err)
	}
	missed, err := svc.HandleCallEvent(ctx, p, core.CallEventInput{Event: "hangup", CallID: "zq-2", Cause: "no_answer"})
	if err != nil || missed.Call.TicketID == 0 {
		t.Fatalf("missed call: %+v %v", missed, err)
	}
	if err := svc.LogCallback(ctx, agent, missed.Call.TicketID, core.CallbackAttempt{Reached: true, Seconds: 60,
		Note: "Rappelée : Mme Quasimodo voulait le DCE."}); err != nil {
		t.Fatal(err)
	}
	if cb, err := svc.Ticket(ctx, agent, missed.Call.TicketID); err != nil {
		t.Fatal(err)
	} else {
		state, why := ticket.Resolved, ticket.AnsweredByCell
		if _, err := svc.UpdateTicket(ctx, agent, cb.ID, ticket.Update{State: &state, Outcome: &why}, cb.Version); err != nil {
			t.Fatal(err)
		}
	}
	resolved, closed, outcome := ticket.Resolved, ticket.Closed, ticket.AnsweredByService
	update(ticket.Update{State: &resolved, Outcome: &outcome})
	f.advance(2 * time.Hour)
	runJob(t, svc, "surveys")
	deliver(t, svc)
	token := reporttest.SurveyTokens(t, s)[tk.ID]
	if _, err := svc.Rate(ctx, token, 5); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CommentSurvey(ctx, token, "Très satisfaite, merci ! Zéphyrine"); err != nil {
		t.Fatal(err)
	}
	update(ticket.Update{State: &closed})
	if _, err := svc.Search(ctx, agent, core.SearchInput{Q: "xylophagie"}); err != nil { // indexes the queue
		t.Fatal(err)
	}
	return tk
}

func mustPBX(t *testing.T, svc *core.Service, f *fixture) string {
	t.Helper()
	token, err := svc.AddPBX(context.Background(), f.actors[access.Admin], "Asterisk", "")
	if err != nil {
		t.Fatal(err)
	}
	return token
}

// receiveReply has the company answer the acknowledgement from another
// address of hers (flagged, and audited with both addresses).
func receiveReply(t *testing.T, svc *core.Service, s *store.Store, tk *ticket.Ticket) {
	t.Helper()
	rows, err := s.FindOutMails(context.Background(), store.OutMailFilter{TicketID: tk.ID})
	if err != nil || len(rows) == 0 {
		t.Fatalf("acknowledgement: %v %v", rows, err)
	}
	ack := rows[0]
	replyTo := "cellule@region.example"
	for _, l := range strings.Split(ack.Raw, "\r\n") {
		if strings.HasPrefix(l, "Reply-To: ") {
			replyTo = strings.Trim(strings.TrimPrefix(l, "Reply-To: "), "<>")
		}
	}
	raw := "From: Zephyrine Q <zephyrine.perso@quasimodo.example>\r\nTo: <" + replyTo + ">\r\n" +
		"Subject: Re: " + tk.Number + " Xylophagie\r\nMessage-ID: <r1.zq@quasimodo.example>\r\n" +
		"In-Reply-To: <" + ack.MessageID + ">\r\nReferences: <" + ack.MessageID + ">\r\n" +
		"Date: Tue, 24 Nov 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		"Merci. Zéphyrine Quasimodo, 06 98 76 54 32\r\n"
	res, err := svc.ReceiveMail(context.Background(), gmail.Fetched{Mailbox: "cellule@imap/INBOX", UIDValidity: 1, UID: 1,
		Raw: []byte(raw), Size: int64(len(raw))})
	if err != nil || res.TicketID != tk.ID {
		t.Fatalf("reply: %+v %v", res, err)
	}
}

// findPersonal lists where the personal strings are, as "table.column: string"
// lines, the attachment files as "storage.<file>".
func findPersonal(t *testing.T, s *store.Store, dir string) string {
	t.Helper()
	hits, err := s.FindStrings(context.Background(), personal)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, h := range hits {
		lines = append(lines, h.Table+"."+h.Column+": "+h.Needle)
	}
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range personal {
			if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(n))) {
				lines = append(lines, "storage."+d.Name()+": "+n)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(lines, "\n")
}

// checkAnonymisedRequest: what an agent sees of the request afterwards — the
// figures' fields and the team's audit entries exact, the attachment listed as
// deleted, the request found by its number and no longer by its words.
func checkAnonymisedRequest(t *testing.T, f *fixture, svc *core.Service, id int64) {
	t.Helper()
	ctx := context.Background()
	agent := f.actors[access.Agent]
	tk, err := svc.Ticket(ctx, agent, id)
	if err != nil || tk.TeamID != "travaux" || tk.Outcome != ticket.AnsweredByService || tk.State != ticket.Closed {
		t.Fatalf("request: %+v %v", tk, err)
	}
	trail, err := svc.History(ctx, agent, id)
	if err != nil {
		t.Fatal(err)
	}
	var team, subject bool
	for _, e := range trail {
		switch e.Field {
		case "team":
			team = team || e.New == "travaux"
		case "subject":
			subject = e.Old == "[anonymisé]" && e.New == "[anonymisé]"
		}
	}
	if !team || !subject {
		t.Errorf("audit trail: team kept %v, subject replaced %v: %+v", team, subject, trail)
	}
	msgs, err := svc.Messages(ctx, agent, id)
	if err != nil || len(msgs) == 0 || len(msgs[0].Attachments) != 1 {
		t.Fatalf("messages: %+v %v", msgs, err)
	}
	if a := msgs[0].Attachments[0]; a.Name != "pièce jointe supprimée (conservation)" || a.SHA256 != "" || a.Size == 0 {
		t.Errorf("attachment: %+v", a)
	}
	if _, _, err := svc.Attachment(ctx, agent, msgs[0].Attachments[0].ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("downloading the deleted attachment: %v", err)
	}
	if res, err := svc.Search(ctx, agent, core.SearchInput{Q: tk.Number}); err != nil || res.Total == 0 {
		t.Errorf("the anonymised request is not found by its number: %+v %v", res, err)
	}
}
