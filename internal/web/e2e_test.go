package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// chromiumPath is Debian's chromium, which .ci/run installs.
const chromiumPath = "/usr/bin/chromium"

// TestBrowserSignInAndReply drives the real app (web and API mounted as in
// production, SQLite in a temporary directory) from headless Chromium: sign in
// through the form, see the inbox, open a request, reply, see the reply in the
// timeline. Set GUICHET_E2E_SCREENSHOTS to a directory to keep a PNG per screen.
func TestBrowserSignInAndReply(t *testing.T) {
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("end-to-end test skipped: no %s (apt-get install chromium)", chromiumPath)
	}
	base, tk := startApp(t)
	ctx := newBrowser(t)
	shot := func(name string) chromedp.Action[chromedp.Void] {
		return func(ctx context.Context, _ *chromedp.Target) (chromedp.Void, error) {
			snap(t, ctx, name)
			return chromedp.Void{}, nil
		}
	}
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/agent"), // not signed in: the sign-in form, then back here
		chromedp.WaitVisible(chromedp.ID("email")),
		shot("login"),
		chromedp.SendKeys(chromedp.ID("email"), "claire@region.example"),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("table.tickets")),
		shot("inbox"),
	)
	if err != nil {
		t.Fatalf("sign-in: %v", err)
	}
	inbox, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	if err != nil || !strings.Contains(inbox, tk.Subject) || !strings.Contains(inbox, "À traiter") {
		t.Fatalf("inbox (%v) shows:\n%s", err, inbox)
	}
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.Search(`//a[text()="`+tk.Subject+`"]`)),
		chromedp.WaitVisible(chromedp.ID("reply-body")),
		chromedp.SendKeys(chromedp.ID("reply-body"), "Oui : une offre par lot, une seule candidature."),
		chromedp.Click(chromedp.CSS("#reply button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("p.notice")),
		chromedp.ScrollIntoView(chromedp.CSS("header.top")), // the top of the page, for the screenshot
		shot("ticket"),
	)
	if err != nil {
		t.Fatalf("reply: %v", err)
	}
	timeline, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("timeline")))
	if err != nil || !strings.Contains(timeline, "Oui : une offre par lot, une seule candidature.") {
		t.Fatalf("timeline (%v) shows:\n%s", err, timeline)
	}
}

// startApp serves the whole app on a loopback port with one agent and one
// request, until the test ends.
func startApp(t *testing.T) (string, *core.NewTicket) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx := context.Background()
	if _, err := a.Core().AddUser(ctx, access.System(), core.NewUser{Email: "claire@region.example", Name: "Claire Juriste",
		Role: "agent", Password: password}); err != nil {
		t.Fatal(err)
	}
	in := core.NewTicket{Channel: "web", Subject: "Question sur le lot 2", Body: "Peut-on répondre à un seul lot ?",
		Topic: "allotissement", Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"}}
	if _, _, err := a.Core().CreateTicket(ctx, access.System(), in, ""); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, &in
}

// newBrowser starts headless Chromium with nothing that reaches outside the
// machine, in a profile of its own; it is stopped when the test ends.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:], // headless, no first run, no background networking…
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("lang", "fr-FR"), // the cell's agents: French pages from the first one
		chromedp.Flag("accept-lang", "fr-FR,fr"),
		chromedp.Env("LANGUAGE=fr", "LANG=fr_FR.UTF-8"), // French date fields too (Debian's chromium-l10n)
		chromedp.WindowSize(1280, 800),
	)
	ctx, cancelTimeout := context.WithTimeout(context.Background(), 60*time.Second)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		cancelTimeout()
	})
	return browser
}
