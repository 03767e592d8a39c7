package web_test

import (
	"context"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	gomail "github.com/emersion/go-message/mail"
	"github.com/emersion/go-smtp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// TestBrowserWarnsOfAColleagueReplying: two agents open the same request;
// when Marie types in the reply box, Claire's page says « Marie Dupont est en
// train de répondre » in a status region, and the warning goes when Marie sends
// her reply (Claire's page then says the request changed).
func TestBrowserWarnsOfAColleagueReplying(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	bg := context.Background()
	if _, err := svc.AddUser(bg, access.System(), core.NewUser{Email: "marie@region.example", Name: "Marie Dupont",
		Role: "agent", Password: password}); err != nil {
		t.Fatal(err)
	}
	tk, _, err := svc.CreateTicket(bg, access.System(), core.NewTicket{Channel: "web", Subject: "Variante autorisée ?",
		Body: "Peut-on proposer une variante ?", Topic: "dce",
		Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	page := base + "/agent/tickets/" + itoa(tk.ID)
	marie, claire := newBrowser(t), newBrowser(t)
	for b, email := range map[context.Context]string{marie: "marie@region.example", claire: "claire@region.example"} {
		if err := chromedp.Do(b, chromedp.Navigate(page), signInAs(email), chromedp.WaitVisible(chromedp.ID("reply-body")),
			chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`))); err != nil {
			t.Fatalf("%s: %v", email, err)
		}
	}
	if err := chromedp.Do(marie, chromedp.SendKeys(chromedp.ID("reply-body"), "Oui, les variantes sont autorisées")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(claire, chromedp.WaitVisible(chromedp.CSS("#presence:not(:empty)"))); err != nil {
		t.Fatalf("no warning of the colleague replying: %v", err)
	}
	warning, _ := chromedp.Run(claire, chromedp.Text(chromedp.ID("presence")))
	role, _ := chromedp.Run(claire, chromedp.Evaluate[string](`document.getElementById("presence").getAttribute("role")`))
	if warning != "Marie Dupont est en train de répondre" || role != "status" {
		t.Fatalf("the warning says %q (role %q)", warning, role)
	}
	if mine, _ := chromedp.Run(marie, chromedp.Text(chromedp.ID("presence"))); mine != "" {
		t.Errorf("the typing agent is warned about itself: %q", mine)
	}
	checkA11y(t, claire, "ticket page with the presence warning")
	if _, err := chromedp.Run(claire, chromedp.Evaluate[any](`document.getElementById("presence").scrollIntoView({block: "center"})`)); err != nil {
		t.Fatal(err)
	}
	snap(t, claire, "presence")
	if err := chromedp.Do(marie, chromedp.Click(chromedp.CSS("#reply button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice"))); err != nil {
		t.Fatalf("send: %v", err)
	}
	if err := chromedp.Do(claire, chromedp.WaitReady(chromedp.CSS("#presence:empty")),
		chromedp.WaitVisible(chromedp.ID("live-notice"))); err != nil {
		t.Fatalf("the warning stayed after the reply was sent: %v", err)
	}
}

// TestBrowserReplyReachesTheOutbox: an agent replies in the browser to a
// request whose company has an e-mail address; the administrator's outbox page
// shows the mail to that address with the request's number in its subject, and
// the outbox delivers it, with the reply's text, to the SMTP server.
func TestBrowserReplyReachesTheOutbox(t *testing.T) {
	needChromium(t)
	sink := startSMTPSink(t)
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	cfg.Mail.SMTPURL = "smtp://" + sink.addr + "?tls=none"
	cfg.Mail.From = "Cellule marchés publics <cellule@region.example>"
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	bg, svc := context.Background(), a.Core()
	for _, u := range []core.NewUser{
		{Email: "claire@region.example", Name: "Claire Juriste", Role: "agent", Password: password},
		{Email: "admin@region.example", Name: "Alain Admin", Role: "admin", Password: password},
	} {
		if _, err := svc.AddUser(bg, access.System(), u); err != nil {
			t.Fatal(err)
		}
	}
	tk, _, err := svc.CreateTicket(bg, access.System(), core.NewTicket{Channel: "web", Subject: "Question sur le lot 2",
		Body: "Peut-on répondre à un seul lot ?", Topic: "allotissement",
		Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	const answer = "Oui : une offre par lot, une seule candidature."
	agent := newBrowser(t)
	err = chromedp.Do(agent, chromedp.Navigate(srv.URL+"/agent/tickets/"+itoa(tk.ID)), signInAs("claire@region.example"),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body"), answer),
		chromedp.Click(chromedp.CSS("#reply button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	subject := "[Demande " + tk.Number + "]"

	admin := newBrowser(t)
	err = chromedp.Do(admin, chromedp.Navigate(srv.URL+"/agent/admin/courriels"), signInAs("admin@region.example"),
		chromedp.WaitVisible(chromedp.ID("outbox-title")))
	if err != nil {
		t.Fatalf("outbox page: %v", err)
	}
	rows, err := chromedp.Run(admin, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("table.list tbody tr"),
		tr => Array.from(tr.cells, c => c.textContent.trim()).join(" | "))`))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rows {
		if strings.Contains(r, "answer") && strings.Contains(r, "anne@dupont.example") && strings.Contains(r, subject) &&
			strings.Contains(r, "en attente") {
			found = true
		}
	}
	if !found {
		t.Fatalf("no pending answer to anne@dupont.example with %q in the outbox page:\n%s", subject, strings.Join(rows, "\n"))
	}
	checkA11y(t, admin, "outbox")
	snap(t, admin, "outbox")
	// Another main screen, for docs/screenshots: the dashboard.
	if err := chromedp.Do(admin, chromedp.Navigate(srv.URL+"/agent/tableau-de-bord"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	snap(t, admin, "dashboard")

	if n, err := svc.DeliverMail(bg); err != nil || n == 0 {
		t.Fatalf("deliver: %d %v", n, err)
	}
	var got *sunkMail
	for _, m := range sink.all() {
		if strings.Contains(m.subject, subject) && strings.Contains(m.text, answer) {
			got = &m
		}
	}
	if got == nil {
		t.Fatalf("the SMTP server got no mail with %q and the reply:\n%+v", subject, sink.all())
	}
	if len(got.to) != 1 || got.to[0] != "anne@dupont.example" {
		t.Fatalf("the reply went to %v", got.to)
	}
}

// smtpSink is a real SMTP server (go-smtp) keeping what it receives, decoded.
type smtpSink struct {
	addr string
	mu   sync.Mutex
	got  []sunkMail
	t    *testing.T
}

type sunkMail struct {
	to            []string
	subject, text string // the subject decoded, the text parts' bodies decoded
}

func startSMTPSink(t *testing.T) *smtpSink {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpSink{addr: ln.Addr().String(), t: t}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &sinkSession{s: s}, nil }))
	srv.Domain = "mx.test"
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return s
}

func (s *smtpSink) all() []sunkMail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]sunkMail(nil), s.got...)
}

type sinkSession struct {
	s  *smtpSink
	to []string
}

func (c *sinkSession) Mail(string, *smtp.MailOptions) error { return nil }
func (c *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	c.to = append(c.to, to)
	return nil
}
func (c *sinkSession) Reset()        { c.to = nil }
func (c *sinkSession) Logout() error { return nil }

func (c *sinkSession) Data(r io.Reader) error {
	mr, err := gomail.CreateReader(r)
	if err != nil {
		return err
	}
	m := sunkMail{to: c.to}
	raw := mr.Header.Get("Subject")
	if m.subject, err = new(mime.WordDecoder).DecodeHeader(raw); err != nil {
		m.subject = raw
	}
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if h, ok := p.Header.(*gomail.InlineHeader); ok {
			if ct, _, _ := h.ContentType(); ct == "text/plain" {
				b, _ := io.ReadAll(p.Body)
				m.text += string(b)
			}
		}
	}
	c.s.mu.Lock()
	c.s.got = append(c.s.got, m)
	c.s.mu.Unlock()
	return nil
}
