package core_test

import (
	"context"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/mail"
	"github.com/guichet/guichet/internal/mail/sender"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
	"github.com/guichet/guichet/internal/ticket"
)

// smtpServer is a real SMTP server (go-smtp) that records what it receives. It
// can be stopped and started again on the same address, to play an outage.
type smtpServer struct {
	t    *testing.T
	addr string
	mu   sync.Mutex
	got  []received
	srv  *smtp.Server
}

type received struct {
	from string
	to   []string
	raw  string
}

func newSMTPServer(t *testing.T) *smtpServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{t: t, addr: ln.Addr().String()}
	ln.Close() // down until start
	t.Cleanup(s.stop)
	return s
}

func (s *smtpServer) start() {
	ln, err := net.Listen("tcp", s.addr)
	if err != nil {
		s.t.Fatal(err)
	}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s}, nil }))
	s.srv.Domain = "mx.test"
	s.srv.AllowInsecureAuth = true
	go s.srv.Serve(ln)
}

func (s *smtpServer) stop() {
	if s.srv != nil {
		s.srv.Close()
		s.srv = nil
	}
}

func (s *smtpServer) mails() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.got...)
}

type smtpSession struct {
	s    *smtpServer
	from string
	to   []string
}

func (c *smtpSession) Mail(from string, _ *smtp.MailOptions) error { c.from = from; return nil }

// Rcpt refuses for good the addresses at refuse.example and for now those at busy.example.
func (c *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	switch {
	case strings.HasSuffix(to, "@refuse.example"):
		return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "Utilisateur inconnu"}
	case strings.HasSuffix(to, "@busy.example"):
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Réessayez plus tard"}
	}
	c.to = append(c.to, to)
	return nil
}

func (c *smtpSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	c.s.mu.Lock()
	c.s.got = append(c.s.got, received{from: c.from, to: c.to, raw: string(b)})
	c.s.mu.Unlock()
	return nil
}

func (c *smtpSession) Reset()        { c.from, c.to = "", nil }
func (c *smtpSession) Logout() error { return nil }

// mailService is a service of f's store that sends through srv.
func mailService(t *testing.T, f *fixture, s *store.Store, srv *smtpServer, maxAttempts int) *core.Service {
	t.Helper()
	snd, err := sender.Parse("smtp://" + srv.addr + "?tls=none")
	if err != nil {
		t.Fatal(err)
	}
	return core.New(core.Options{Store: s, Now: f.clock, Mail: core.MailOptions{
		From: "Cellule marchés publics <cellule@region.example>", ReplyTo: "cellule@region.example",
		Domain: "guichet.region.example", BaseURL: "https://guichet.region.example/", Sender: snd, MaxAttempts: maxAttempts}})
}

func deliver(t *testing.T, svc *core.Service) int {
	t.Helper()
	n, err := svc.DeliverMail(context.Background())
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	return n
}

func header(raw, name string) string {
	head, _, _ := strings.Cut(raw, "\r\n\r\n")
	for _, l := range strings.Split(head, "\r\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && strings.EqualFold(k, name) {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// The outbox keeps every mail while the SMTP server is down and delivers each
// exactly once when it is back; the mails of a request thread together.
func TestOutboxSurvivesOutageAndThreads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		srv := newSMTPServer(t)
		svc := mailService(t, f, s, srv, 8)
		agent := f.actors[access.Agent]
		tk, _, err := svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Oui, un seul lot suffit."}); err != nil {
			t.Fatal(err)
		}
		phone := webRequest()
		phone.Channel = "phone"
		if _, _, err := svc.CreateTicket(ctx, agent, phone, ""); err != nil {
			t.Fatal(err)
		}
		if n := deliver(t, svc); n != 0 {
			t.Fatalf("sent %d while the server is down", n)
		}
		queued, err := svc.Outbox(ctx, f.actors[access.Admin], "pending", 0, 0)
		if err != nil || len(queued) != 2 || queued[0].Attempts != 1 || queued[0].LastError == "" {
			t.Fatalf("queued during the outage (phone requests get no acknowledgement): %+v %v", queued, err)
		}
		if n := deliver(t, svc); n != 0 {
			t.Fatalf("retried before the backoff: %d", n)
		}
		srv.start()
		f.advance(2 * time.Minute)
		if n := deliver(t, svc); n != 2 {
			t.Fatalf("sent %d after the outage, want 2", n)
		}
		f.advance(time.Hour)
		if n := deliver(t, svc); n != 0 {
			t.Fatalf("sent %d again", n)
		}
		got := srv.mails()
		if len(got) != 2 {
			t.Fatalf("server received %d mails, want 2", len(got))
		}
		ack, answer := got[0].raw, got[1].raw
		if !strings.Contains(header(ack, "Subject"), tk.Number) || header(ack, "Auto-Submitted") != "auto-replied" ||
			got[0].to[0] != "anne@dupont.example" || got[0].from != "cellule@region.example" {
			t.Errorf("acknowledgement: %v %q\n%s", got[0].to, got[0].from, ack)
		}
		ackID := header(ack, "Message-Id")
		if !strings.HasSuffix(ackID, "@guichet.region.example>") || header(answer, "In-Reply-To") != ackID ||
			!strings.Contains(header(answer, "References"), ackID) || header(answer, "Auto-Submitted") != "" {
			t.Errorf("threading: ack %q, answer In-Reply-To %q References %q", ackID, header(answer, "In-Reply-To"),
				header(answer, "References"))
		}
		rt := header(answer, "Reply-To")
		p := mail.Parse([]byte(answer), mail.ParseOptions{})
		if !strings.Contains(rt, "cellule+") || !strings.Contains(p.Text, "Oui, un seul lot suffit.") ||
			!strings.Contains(p.Text, "https://guichet.region.example/suivi") {
			t.Errorf("answer: Reply-To %q\n%s", rt, p.Text)
		}
		sent, _ := svc.Outbox(ctx, f.actors[access.Admin], "sent", tk.ID, 0)
		if len(sent) != 2 || sent[0].SentAt.IsZero() || "<"+sent[0].MessageID+">" != ackID {
			t.Errorf("outbox after delivery: %+v", sent)
		}
	})
}

// Two instances delivering at once never send a mail twice.
func TestOutboxTwoInstancesSendOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		srv := newSMTPServer(t)
		srv.start()
		a, b := mailService(t, f, s, srv, 8), mailService(t, f, s, srv, 8)
		for i := range 12 {
			in := webRequest()
			in.Contact.Email, in.Contact.Phone = "contact"+string(rune('a'+i))+"@dupont.example", ""
			if _, _, err := a.CreateTicket(ctx, f.actors[access.Agent], in, ""); err != nil {
				t.Fatal(err)
			}
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for _, svc := range []*core.Service{a, b, a, b} {
			wg.Go(func() {
				n, err := svc.DeliverMail(ctx)
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			})
		}
		wg.Wait()
		got := srv.mails()
		seen := map[string]bool{}
		for _, m := range got {
			id := header(m.raw, "Message-Id")
			if seen[id] {
				t.Errorf("mail %s sent twice", id)
			}
			seen[id] = true
		}
		if len(got) != 12 || total != 12 {
			t.Errorf("received %d, counted %d, want 12", len(got), total)
		}
	})
}

// A refused recipient fails for good at once; a recipient that keeps failing
// fails after the last attempt; both stay visible and can be retried.
func TestOutboxFailuresAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		srv := newSMTPServer(t)
		srv.start()
		svc := mailService(t, f, s, srv, 3)
		admin := f.actors[access.Admin]
		for _, email := range []string{"x@refuse.example", "y@busy.example"} {
			in := webRequest()
			in.Contact.Email, in.Contact.Phone = email, "" // a shared phone number would find the first contact
			if _, _, err := svc.CreateTicket(ctx, f.actors[access.Agent], in, ""); err != nil {
				t.Fatal(err)
			}
		}
		for range 5 {
			deliver(t, svc)
			f.advance(24 * time.Hour)
		}
		failed, err := svc.Outbox(ctx, admin, "failed", 0, 0)
		if err != nil || len(failed) != 2 {
			t.Fatalf("failed mails: %+v %v", failed, err)
		}
		if failed[0].Attempts != 1 || !strings.Contains(failed[0].LastError, "550") ||
			failed[1].Attempts != 3 || !strings.Contains(failed[1].LastError, "451") {
			t.Errorf("attempts: %+v", failed)
		}
		if len(srv.mails()) != 0 {
			t.Errorf("nothing was accepted, yet the server recorded %d", len(srv.mails()))
		}
		if err := svc.RetryMail(ctx, admin, failed[0].ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RetryMail(ctx, admin, failed[0].ID); err == nil {
			t.Error("retrying a pending mail must be refused")
		}
		if err := svc.RetryMail(ctx, f.actors[access.Agent], failed[1].ID); err == nil {
			t.Error("an agent may not manage the outbox")
		}
		pending, _ := svc.Outbox(ctx, admin, "pending", 0, 0)
		if len(pending) != 1 || pending[0].ID != failed[0].ID {
			t.Errorf("after retry: %+v", pending)
		}
	})
}

// An answer on a request resolved as redirected uses the redirect template; the
// same message never queues two mails, and a mail without sender waits.
func TestMailOnMessageTemplates(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		f := newFixture(t, s)
		srv := newSMTPServer(t)
		srv.start()
		svc := mailService(t, f, s, srv, 8)
		agent := f.actors[access.Agent]
		tk, _, err := svc.CreateTicket(ctx, agent, webRequest(), "")
		if err != nil {
			t.Fatal(err)
		}
		resolved, redirected := ticket.Resolved, ticket.RedirectedToBuyer
		if _, err := svc.UpdateTicket(ctx, agent, tk.ID, ticket.Update{State: &resolved, Outcome: &redirected}, tk.Version); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "outbound", Body: "Adressez-vous à l'acheteur."}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddMessage(ctx, agent, tk.ID, core.NewMessage{Kind: "note", Body: "note interne"}); err != nil {
			t.Fatal(err)
		}
		all, _ := svc.Outbox(ctx, f.actors[access.Admin], "", tk.ID, 0)
		if len(all) != 2 || all[0].Template != "ack" || all[1].Template != "redirect" ||
			!strings.Contains(all[1].Subject, "[Demande "+tk.Number+"]") {
			t.Fatalf("queued: %+v", all)
		}
		quiet := core.New(core.Options{Store: s, Now: f.clock})
		if n, err := quiet.DeliverMail(ctx); n != 0 || err != nil {
			t.Errorf("without a sender: %d %v", n, err)
		}
		if n := deliver(t, svc); n != 2 {
			t.Errorf("sent %d", n)
		}
	})
}
