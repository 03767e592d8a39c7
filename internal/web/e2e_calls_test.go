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
}
