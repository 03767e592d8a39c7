package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/ticket"
)

// TestBrowserFailedSaveKeepsTheTypedText: in real Chromium, a call saved with
// a duration the server cannot read comes back with the error beside the field
// and everything the agent typed still in the form, and no request is written.
func TestBrowserFailedSaveKeepsTheTypedText(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	ctx := newBrowser(t)
	const question, answer = "Puis-je répondre au lot 3 seul ?", "Oui, chaque lot est un marché distinct."
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/agent/appel"), signInAs("claire@region.example"),
		chromedp.WaitVisible(chromedp.ID("c-question")),
		chromedp.SendKeys(chromedp.ID("c-siret"), "44306184100047"),
		chromedp.SendKeys(chromedp.ID("c-question"), question),
		chromedp.SendKeys(chromedp.ID("c-answer"), answer),
		chromedp.SetValue(chromedp.ID("c-duration"), "quatre minutes"),
		chromedp.Click(chromedp.ID("c-ending-resolved")),
		chromedp.Click(chromedp.ID("c-save")),
		chromedp.WaitVisible(chromedp.ID("c-duration-error")),
	)
	if err != nil {
		t.Fatalf("failed save: %v", err)
	}
	for id, want := range map[string]string{"c-question": question, "c-answer": answer, "c-siret": "44306184100047",
		"c-duration": "quatre minutes"} {
		got, err := chromedp.Run(ctx, chromedp.Value(chromedp.ID(id)))
		if err != nil || got != want {
			t.Errorf("after the failed save, %s holds %q (%v); want %q", id, got, err, want)
		}
	}
	msg, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("c-duration-error")))
	if err != nil || !strings.Contains(msg, "durée illisible") {
		t.Errorf("duration error %q (%v)", msg, err)
	}
	checkA11y(t, ctx, "call screen with errors")
	page, err := svc.Tickets(context.Background(), access.System(), ticket.Filter{Channels: []ticket.Channel{ticket.Phone}})
	if err != nil || len(page.Items) != 0 {
		t.Fatalf("a refused call wrote %d phone requests (%v)", len(page.Items), err)
	}
}
