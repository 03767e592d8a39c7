package portal_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// browserApp is the real app (SQLite in a temporary directory) with a company
// in the catalog, an agent, and another company's request.
type browserApp struct {
	base  string
	core  *core.Service
	agent access.Actor
	other *ticket.Ticket
}

func startApp(t *testing.T) *browserApp {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("browser test skipped: no %s (apt-get install chromium)", chromiumPath)
	}
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := context.Background()
	u, err := a.Core().AddUser(ctx, access.System(), core.NewUser{Email: "claire@region.example", Name: "Claire", Role: "agent"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Core().CreateCompany(ctx, u.Actor(), core.CompanyInput{SIRET: "55203253400646", Name: "Transports Vallée"}); err != nil {
		t.Fatal(err)
	}
	other, err := a.Core().PublicQuestion(ctx, core.NewTicket{Subject: "Question secrète de Bob", Body: "Confidentiel",
		Company: &core.CompanyInput{SIRET: "73282932000074", Name: "Charpentes du Rhône"},
		Contact: &core.ContactInput{Email: "bob@charpentes.example"}}, "192.0.2.50")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return &browserApp{base: srv.URL, core: a.Core(), agent: u.Actor(), other: other}
}

// newBrowser starts headless Chromium with nothing that reaches outside the
// machine, in a profile of its own; it is stopped when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("lang", "fr-FR"), chromedp.WindowSize(1280, 1000),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 90*time.Second)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() { cancelBrowser(); cancelAlloc(); cancelTimeout() })
	return browser
}

// pdfFile writes a small PDF for the file inputs.
func pdfFile(t *testing.T) string {
	p := filepath.Join(t.TempDir(), "DC1 signé.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBrowserQuestionThenFollowUp sends a question from Chromium with its
// script on (the SIRET fills the company name as it is typed), then follows it
// through the e-mailed link: reads it, replies, and cannot open another
// company's request by typing its address.
func TestBrowserQuestionThenFollowUp(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	err := chromedp.Do(ctx,
		chromedp.Navigate(a.base+"/question"),
		chromedp.WaitVisible(chromedp.ID("siret")),
		chromedp.SendKeys(chromedp.ID("siret"), "552 032 534 00646"),
		void(chromedp.Poll[bool](`document.getElementById("company_name").value === "Transports Vallée"`,
			chromedp.WithPollingTimeout(10*time.Second))),
		chromedp.SendKeys(chromedp.ID("contact_name"), "Lucie Martin"),
		chromedp.SendKeys(chromedp.ID("email"), "lucie@transports-vallee.example"),
		chromedp.SendKeys(chromedp.ID("subject"), "Variante au lot 3"),
		chromedp.SendKeys(chromedp.ID("body"), "Peut-on proposer une variante pour le lot 3 ?"),
		chromedp.SetUploadFiles(chromedp.ID("attachments"), []string{pdfFile(t)}),
		chromedp.Sleep(3*time.Second), // a person takes longer than the minimum fill time
		chromedp.Click(chromedp.CSS(`button[value="send"]`)),
		chromedp.WaitVisible(chromedp.CSS(".number")),
	)
	if err != nil {
		t.Fatalf("question: %v", err)
	}
	number, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(".number")))
	if err != nil || !strings.HasPrefix(number, "20") {
		t.Fatalf("acknowledgement number %q: %v", number, err)
	}
	link, err := a.core.IssuePortalLink(context.Background(), a.agent, "lucie@transports-vallee.example", a.base+"/suivi/connexion?t=")
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.Navigate(link),
		chromedp.Click(chromedp.CSS(`form[action="/suivi/connexion"] button`)),
		chromedp.WaitVisible(chromedp.CSS("table.requests")),
		chromedp.Click(chromedp.Search(`//a[text()="`+number+`"]`)),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body"), "J'ajoute le DC2."),
		chromedp.Click(chromedp.CSS("#reply button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice.success")),
	)
	if err != nil {
		t.Fatalf("follow-up: %v", err)
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("timeline")))
	if err != nil || !strings.Contains(timeline, "Peut-on proposer une variante") || !strings.Contains(timeline, "J'ajoute le DC2.") ||
		!strings.Contains(timeline, "DC1 signé.pdf") {
		t.Fatalf("timeline (%v):\n%s", err, timeline)
	}
	for _, path := range []string{"/suivi/demandes/" + a.other.Number, "/suivi/demandes/" + a.other.Number + "/fichiers/1"} {
		err = chromedp.Do(ctx, chromedp.Navigate(a.base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		text, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil || strings.Contains(text, "Question secrète") || !strings.Contains(text, "Aucune") {
			t.Fatalf("%s (%v) shows:\n%s", path, err, text)
		}
	}
}

// TestBrowserQuestionWithoutJavaScript checks the SIRET with the form's own
// button and sends the question with scripts disabled.
func TestBrowserQuestionWithoutJavaScript(t *testing.T) {
	a := startApp(t)
	ctx := newBrowser(t)
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	err := chromedp.Do(ctx,
		noScript,
		chromedp.Navigate(a.base+"/question"),
		chromedp.WaitVisible(chromedp.ID("siret")),
		chromedp.SendKeys(chromedp.ID("siret"), "55203253400646"),
		chromedp.SendKeys(chromedp.ID("email"), "lucie@transports-vallee.example"),
		chromedp.Click(chromedp.CSS(`button[value="check_siret"]`)),
		chromedp.WaitVisible(chromedp.CSS(`p.notice[role="status"]`)),
	)
	if err != nil {
		t.Fatalf("check: %v", err)
	}
	name, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID("company_name")))
	if err != nil || name != "Transports Vallée" {
		t.Fatalf("company name %q: %v", name, err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("subject"), "Délai de paiement"),
		chromedp.Sleep(3*time.Second),                        // a person takes longer than the minimum fill time
		chromedp.Click(chromedp.CSS(`button[value="send"]`)), // the question is empty: refused, form kept
		chromedp.WaitVisible(chromedp.ID("error-summary")),
		chromedp.SendKeys(chromedp.ID("body"), "Sous combien de jours serai-je payé ?"),
		chromedp.Click(chromedp.CSS(`button[value="send"]`)),
		chromedp.WaitVisible(chromedp.CSS(".number")),
	)
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	page, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if !strings.Contains(page, "Votre question est enregistrée") {
		t.Fatalf("acknowledgement:\n%s", page)
	}
}

// void runs an action for its effect (a wait), dropping its value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}
