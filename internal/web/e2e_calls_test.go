package web_test

import (
	"context"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
)

// TestBrowserScreenPop: a call ringing in the queue "marches" pops up, with the
// caller's company and open request, on the screen of the agent of that queue
// (claire, 201) and not on the screen of the agent of another queue (bruno,
// 301); when claire answers, her browser opens the new-call form prefilled with
// the number, the call's id and the answer time.
func TestBrowserScreenPop(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	bg, sys := context.Background(), access.System()
	if _, err := svc.AddUser(bg, sys, core.NewUser{Email: "bruno@region.example", Name: "Bruno Agent", Role: "agent",
		Password: password}); err != nil {
		t.Fatal(err)
	}
	for email, ext := range map[string][2]string{"claire@region.example": {"201", "marches"}, "bruno@region.example": {"301", "travaux"}} {
		if err := svc.SetExtension(bg, sys, email, ext[0], []string{ext[1]}); err != nil {
			t.Fatal(err)
		}
	}
	token, err := svc.AddPBX(bg, sys, "Asterisk", "")
	if err != nil {
		t.Fatal(err)
	}
	pbx, err := svc.AuthenticatePBX(bg, token, netip.MustParseAddr("127.0.0.1"))
	if err != nil {
		t.Fatal(err)
	}
	claire, bruno := newBrowser(t), newBrowser(t)
	for b, email := range map[context.Context]string{claire: "claire@region.example", bruno: "bruno@region.example"} {
		// The inbox opens the live stream; the pause lets it connect before the call.
		if err := chromedp.Do(b, chromedp.Navigate(base+"/agent"), signInAs(email), chromedp.Sleep(500*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
	}
	event := func(in core.CallEventInput) {
		t.Helper()
		if _, err := svc.HandleCallEvent(bg, pbx, in); err != nil {
			t.Fatal(err)
		}
	}
	event(core.CallEventInput{Event: "new_call", CallID: "e2e-1", From: "04 72 12 34 56", Queue: "marches"})
	card := `#screen-pop .caller-card`
	if err := chromedp.Do(claire, chromedp.WaitVisible(chromedp.CSS(card))); err != nil {
		t.Fatalf("no screen pop for the queue's agent: %v", err)
	}
	text, _ := chromedp.Run(claire, chromedp.Text(chromedp.CSS(card)))
	for _, want := range []string{"04 72 12 34 56", "Menuiserie Dupont", "Anne Dupont", "Demande précédente sur le DCE"} {
		if !strings.Contains(text, want) {
			t.Errorf("the screen pop lacks %q:\n%s", want, text)
		}
	}
	checkA11y(t, claire, "screen pop")
	chromedp.Do(bruno, chromedp.Sleep(500*time.Millisecond)) // time for a wrongly addressed pop to show
	hidden, err := chromedp.Run(bruno,
		chromedp.Evaluate[bool](`document.getElementById("screen-pop").hidden && !document.querySelector("#screen-pop .pop")`))
	if err != nil || !hidden {
		t.Fatalf("the agent of another queue saw the call (hidden=%v, %v)", hidden, err)
	}
	answered := time.Now().Truncate(time.Second)
	event(core.CallEventInput{Event: "answered", CallID: "e2e-1", Extension: "201", At: answered.Format(time.RFC3339)})
	if err := chromedp.Do(claire, chromedp.WaitVisible(chromedp.ID("c-contact-phone"))); err != nil {
		t.Fatalf("the new-call form did not open after answered: %v", err)
	}
	loc, _ := chromedp.Run(claire, chromedp.Location())
	if !strings.Contains(loc, "/agent/appel?") || !strings.Contains(loc, "phone=%2B33472123456") ||
		!strings.Contains(loc, "call_id=") || !strings.Contains(loc, "started="+strconv.FormatInt(answered.Unix(), 10)) {
		t.Fatalf("opened %s", loc)
	}
	phone, _ := chromedp.Run(claire, chromedp.Value(chromedp.ID("c-contact-phone")))
	if phone != "04 72 12 34 56" {
		t.Errorf("the form's phone is %q", phone)
	}
	bloc, _ := chromedp.Run(bruno, chromedp.Location())
	if strings.Contains(bloc, "/agent/appel") {
		t.Fatal("the other agent's browser opened the call form")
	}
	// The call log lists the call, answered by claire (and, for docs/screenshots, shows it).
	if err := chromedp.Do(claire, chromedp.Navigate(base+"/agent/appels"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if log, _ := chromedp.Run(claire, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(log, "04 72 12 34 56") {
		t.Errorf("the call log lacks the call:\n%s", log)
	}
	checkA11y(t, claire, "call log")
	if bad, err := chromedp.Run(claire, chromedp.Evaluate[string](checkboxBesideLabel)); err != nil || bad != "" {
		t.Errorf("the call log's « Mes appels seulement »: %s %v", bad, err)
	}
	snap(t, claire, "calls")
}

// checkboxBesideLabel checks the call log's one checkbox: its label names it
// (label[for] is its id, and a click on the label ticks it), and sits on its
// right, on the same line, as forms write a checkbox — not under it.
const checkboxBesideLabel = `(() => {
  const box = document.getElementById("calls-mine");
  const label = document.querySelector('label[for="calls-mine"]');
  if (!box || box.type !== "checkbox" || !label) return "no checkbox #calls-mine with a label[for]";
  if (!box.labels || box.labels[0] !== label) return "the label is not the checkbox's";
  const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
  if (b.right > l.left) return "the checkbox is not left of its label: " + JSON.stringify({box: b, label: l});
  const middle = r => (r.top + r.bottom) / 2;
  if (Math.abs(middle(b) - middle(l)) > Math.max(b.height, l.height) / 2)
    return "the checkbox is not on its label's line: " + JSON.stringify({box: b, label: l});
  const was = box.checked;
  label.click();
  const toggled = box.checked !== was;
  box.checked = was;
  return toggled ? "" : "a click on the label does not tick the checkbox";
})()`

// TestBrowserCompanyPage: from a request, the company's name leads by keyboard
// to its page, whose contacts and calls pass the accessibility checks (axe-core
// when installed), and whose numbers are tel: links.
func TestBrowserCompanyPage(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	bg := context.Background()
	token, err := svc.AddPBX(bg, access.System(), "Asterisk", "")
	if err != nil {
		t.Fatal(err)
	}
	pbx, _ := svc.AuthenticatePBX(bg, token, netip.MustParseAddr("127.0.0.1"))
	var callback int64
	for _, in := range []core.CallEventInput{{Event: "new_call", CallID: "e2e-c", From: "04 72 12 34 56", Queue: "marches"},
		{Event: "hangup", CallID: "e2e-c", Cause: "no_answer"}} {
		res, err := svc.HandleCallEvent(bg, pbx, in)
		if err != nil {
			t.Fatal(err)
		}
		callback = res.Call.TicketID
	}
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/agent/tickets/"+strconv.FormatInt(callback, 10)),
		signInAs("claire@region.example")); err != nil {
		t.Fatal(err)
	}
	tabTo(t, ctx, `el.getAttribute("href") === "/agent/entreprises/44306184100047"`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.ID("company-calls"))); err != nil {
		t.Fatalf("Enter on the company's name: %v", err)
	}
	checkA11y(t, ctx, "company page")
	links, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
		`[...document.querySelectorAll('a[href^="tel:"]')].map(a => a.getAttribute("href") + " " + a.textContent).join("|")`))
	if !strings.Contains(links, "tel:+33472123456 04 72 12 34 56") {
		t.Fatalf("tel: links of the company page: %q", links)
	}
}
