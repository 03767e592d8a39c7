package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/app"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

// needChromium skips a browser test where Debian's chromium is absent (it
// fails under CI, which installs it).
func needChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is required under CI=true (apt-get install chromium): %v", chromiumPath, err)
		}
		t.Skipf("end-to-end test skipped: no %s (apt-get install chromium)", chromiumPath)
	}
}

// startWorkspace serves the whole app with an agent (claire), a specialist of
// the works service (paul) and a known caller: Menuiserie Dupont, whose contact
// has the number +33 4 72 12 34 56.
func startWorkspace(t *testing.T) (string, *core.Service) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := app.Open(context.Background(), cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	ctx, svc := context.Background(), a.Core()
	for _, u := range []core.NewUser{
		{Email: "claire@region.example", Name: "Claire Juriste", Role: "agent", Password: password},
		{Email: "paul@region.example", Name: "Paul Travaux", Role: "specialist", TeamID: "travaux", Password: password},
	} {
		if _, err := svc.AddUser(ctx, access.System(), u); err != nil {
			t.Fatal(err)
		}
	}
	in := core.NewTicket{Channel: "email", Subject: "Demande précédente sur le DCE", Body: "Bonjour", Topic: "dce",
		Company: &core.CompanyInput{SIRET: "44306184100047", Name: "Menuiserie Dupont"},
		Contact: &core.ContactInput{Name: "Anne Dupont", Phone: "+33472123456"}}
	if _, _, err := svc.CreateTicket(ctx, access.System(), in, ""); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	t.Cleanup(srv.Close)
	return srv.URL, svc
}

// signInAs signs a browser in through the form.
func signInAs(email string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), email),
		chromedp.SendKeys(chromedp.ID("password"), password),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("table.tickets, main p")),
	)
}

// tabTo presses Tab until the focused element matches the JavaScript test
// (on the variable el), failing when 80 presses do not reach it: what the
// test reaches, a keyboard user reaches.
func tabTo(t *testing.T, ctx context.Context, test string) {
	t.Helper()
	for range 80 {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("(el => !!el && ("+test+"))(document.activeElement)"))
		if err != nil {
			t.Fatalf("tab to %s: %v", test, err)
		}
		if ok {
			return
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
	}
	t.Fatalf("%s is not reachable with the Tab key", test)
}

// a11yCheck is run in the page: what it returns is a list of problems, "" when
// none. Every visible form control has a label (or an ARIA name), every button
// a name, the page its language, and the focused element a visible ring.
const a11yCheck = `(() => {
  const bad = [];
  if (!document.documentElement.lang) bad.push("no lang on <html>");
  for (const el of document.querySelectorAll("input, select, textarea")) {
    if (el.type === "hidden") continue;
    if (!(el.labels && el.labels.length) && !el.getAttribute("aria-label") && !el.getAttribute("aria-labelledby"))
      bad.push("no label: " + (el.id || el.name));
  }
  for (const b of document.querySelectorAll("button")) {
    if (!b.hidden && !b.textContent.trim() && !b.getAttribute("aria-label")) bad.push("unnamed button " + b.outerHTML);
  }
  const ids = {};
  for (const el of document.querySelectorAll("[id]")) {
    if (ids[el.id]) bad.push("duplicate id " + el.id);
    ids[el.id] = true;
  }
  return bad.join("; ");
})()`

// focusRing reports whether the focused element shows a focus indicator.
const focusRing = `(() => {
  const s = getComputedStyle(document.activeElement);
  return (s.outlineStyle !== "none" && s.outlineWidth !== "0px") || s.boxShadow !== "none";
})()`

// snap keeps a PNG of what the window shows (1280×800, the top of the page) in
// $GUICHET_E2E_SCREENSHOTS, when it is set: docs/screenshots/ are made so.
func snap(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("GUICHET_E2E_SCREENSHOTS")
	if dir == "" {
		return
	}
	// The window's inner size depends on the headless shell: the viewport is set.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1280, 800)); err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if len(png) > 300<<10 {
		t.Errorf("screenshot %s: %d KB, over the 300 KB docs/screenshots keep to", name, len(png)>>10)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
	}
}

func checkA11y(t *testing.T, ctx context.Context, screen string) {
	t.Helper()
	bad, err := chromedp.Run(ctx, chromedp.Evaluate[string](a11yCheck))
	if err != nil || bad != "" {
		t.Errorf("%s: accessibility: %s %v", screen, bad, err)
	}
	checkAxe(t, ctx, screen)
}

// axePaths are where axe-core's browser build is looked for: $GUICHET_AXE_JS,
// then npm's global folders (npm install -g axe-core).
func axePaths() []string {
	return []string{os.Getenv("GUICHET_AXE_JS"), "/usr/local/lib/node_modules/axe-core/axe.min.js",
		"/usr/lib/node_modules/axe-core/axe.min.js"}
}

// checkAxe runs axe-core in the page (injected through the DevTools protocol,
// which the page's CSP does not restrict) and fails on any serious or critical
// violation. Without axe-core installed, it logs that it did not run (and fails
// under CI=true, where .ci/run installs it).
func checkAxe(t *testing.T, ctx context.Context, screen string) {
	t.Helper()
	var src []byte
	for _, p := range axePaths() {
		if b, err := os.ReadFile(p); p != "" && err == nil {
			src = b
			break
		}
	}
	if src == nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s: axe-core not found (GUICHET_AXE_JS; .ci/run installs it): under CI the check is required", screen)
		}
		t.Logf("%s: axe-core not found (npm install -g axe-core, or GUICHET_AXE_JS): axe check skipped", screen)
		return
	}
	const run = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
		.filter(v => v.impact === "serious" || v.impact === "critical")
		.map(v => v.impact + " " + v.id + ": " + v.nodes.map(n => n.target.join(" ")).join(", ")).join("\n"))`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(src)+";0")); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", screen, err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil || found != "" {
		t.Errorf("%s: axe-core: %v\n%s", screen, err, found)
	}
}

// TestBrowserLogsACallByKeyboardOnly: from the inbox, Alt+Shift+N opens the
// call screen; the agent types the caller's number in another written form,
// picks the match, types the question and the answer, runs the timer, chooses
// "résolu pendant l'appel" and saves, all with the keyboard.
func TestBrowserLogsACallByKeyboardOnly(t *testing.T) {
	needChromium(t)
	base, _ := startWorkspace(t)
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/agent"), signInAs("claire@region.example")); err != nil {
		t.Fatal(err)
	}
	checkA11y(t, ctx, "inbox")
	err := chromedp.Do(ctx,
		chromedp.KeyEvent("N", chromedp.KeyModifiers(chromedp.ModifierAlt, chromedp.ModifierShift)),
		chromedp.WaitVisible(chromedp.ID("c-q")),
	)
	if err != nil {
		t.Fatalf("Alt+Shift+N: %v", err)
	}
	checkA11y(t, ctx, "call screen")
	tabTo(t, ctx, `el.id === "c-q"`)
	if ring, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](focusRing)); !ring {
		t.Error("the focused lookup field shows no focus ring")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent("04.72.12.34.56"),
		chromedp.WaitVisible(chromedp.CSS(`#caller-results button[name="pick"]`))); err != nil {
		t.Fatalf("lookup: %v", err)
	}
	tabTo(t, ctx, `el.name === "pick"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	steps := []struct{ to, keys string }{
		{`el.id === "c-question"`, "Où trouver le DCE du lot 2 ?"},
		{`el.id === "c-answer"`, "Sur le profil d'acheteur, onglet DCE."},
		{`el.id === "c-timer"`, kb.Enter},
	}
	for _, st := range steps {
		tabTo(t, ctx, st.to)
		if err := chromedp.Do(ctx, chromedp.KeyEvent(st.keys)); err != nil {
			t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Sleep(1100*time.Millisecond), chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	siret, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("c-siret")))
	dur, _ := chromedp.Run(ctx, chromedp.Value(chromedp.ID("c-duration")))
	if siret != "44306184100047" || !regexp.MustCompile(`^\d+:\d\d$`).MatchString(dur) {
		t.Fatalf("after the pick and the timer: SIRET %q, duration %q", siret, dur)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("header.top"))); err != nil { // the screen's top, for the picture
		t.Fatal(err)
	}
	snap(t, ctx, "call")
	tabTo(t, ctx, `el.id === "c-ending-resolved"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(" ")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, `el.id === "c-save"`)
	if ring, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](focusRing)); !ring {
		t.Error("the focused save button shows no focus ring")
	}
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("p.notice"))); err != nil {
		t.Fatalf("save: %v", err)
	}
	checkA11y(t, ctx, "ticket page")
	snap(t, ctx, "call-logged")
	page, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
	for _, want := range []string{"Appel enregistré.", "résolue", "répondue par la cellule", "Menuiserie Dupont",
		"Où trouver le DCE du lot 2 ?", "onglet DCE"} {
		if err != nil || !strings.Contains(page, want) {
			t.Fatalf("ticket page (%v) lacks %q:\n%s", err, want, page)
		}
	}
}

// TestBrowserSeesEscalationsLive: a specialist's inbox shows a call escalated to
// its service without a reload, and a ticket page says when a colleague
// changed the request.
func TestBrowserSeesEscalationsLive(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	ctx := newBrowser(t)
	err := chromedp.Do(ctx, chromedp.Navigate(base+"/agent?view=service"), signInAs("paul@region.example"),
		chromedp.WaitVisible(chromedp.CSS(`.tabs a[data-view="service"]`)), chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
	if err != nil {
		t.Fatal(err)
	}
	agent, err := svc.CheckPassword(context.Background(), "claire@region.example", password)
	if err != nil {
		t.Fatal(err)
	}
	call := core.NewCall{Topic: "execution", Scope: "own_tender", Question: "Retard de chantier sur le lot 3",
		Ending: core.CallEscalated, TeamID: "travaux"}
	tk, err := svc.LogCall(context.Background(), agent, call, "")
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx, chromedp.WaitVisible(chromedp.Search(`//a[text()="Retard de chantier sur le lot 3"]`)))
	if err != nil {
		t.Fatalf("the escalated call did not appear live: %v", err)
	}
	count, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`.tabs a[data-view="service"] .tab-count`)))
	if count != "1" {
		t.Errorf("the service view's count is %q after the escalation", count)
	}
	err = chromedp.Do(ctx, chromedp.Click(chromedp.Search(`//a[text()="Retard de chantier sur le lot 3"]`)),
		chromedp.WaitVisible(chromedp.ID("timeline")), chromedp.WaitReady(chromedp.CSS(`html[data-live="on"]`)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddMessage(context.Background(), agent, tk.ID, core.NewMessage{Kind: "note", Body: "Urgent"}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("live-notice"))); err != nil {
		t.Fatalf("no notice of the colleague's change: %v", err)
	}
}
