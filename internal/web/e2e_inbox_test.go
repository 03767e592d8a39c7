package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/ticket"
)

// TestBrowserDashboardFilterChips: a supervisor follows, by keyboard, the
// dashboard's « Traitées directement par la cellule » figure to the inbox,
// which names the filters its form does not show (« Résultat : répondue par la
// cellule », the resolution period) as chips; Tab reaches the outcome's
// « Retirer » and Enter removes that filter only. The page passes the
// accessibility checks (axe-core when installed).
func TestBrowserDashboardFilterChips(t *testing.T) {
	needChromium(t)
	base, svc := startWorkspace(t)
	bg := context.Background()
	sup, err := svc.AddUser(bg, access.System(), core.NewUser{Email: "sophie@region.example", Name: "Sophie Superviseure",
		Role: "supervisor", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	tk, _, err := svc.CreateTicket(bg, access.System(), core.NewTicket{Channel: "email", Subject: "Question résolue sur le lot 3",
		Body: "Bonjour", Topic: "dce", Contact: &core.ContactInput{Name: "Anne Dupont", Email: "anne@dupont.example"}}, "")
	if err != nil {
		t.Fatal(err)
	}
	resolved, cell := ticket.Resolved, ticket.AnsweredByCell
	if _, err := svc.UpdateTicket(bg, sup.Actor(), tk.ID, ticket.Update{State: &resolved, Outcome: &cell}, 0); err != nil {
		t.Fatal(err)
	}
	month := time.Now().In(svc.Location()).Format("2006-01")
	ctx := newBrowser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/agent/tableau-de-bord?period=month&month="+month),
		signInAs("sophie@region.example"), chromedp.WaitVisible(chromedp.ID("figures"))); err != nil {
		t.Fatalf("dashboard: %v", err)
	}
	tabTo(t, ctx, `el.matches('tr[data-figure="handled_by_cell"] td.n a')`)
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("ul.chips"))); err != nil {
		t.Fatalf("Enter on the figure: %v", err)
	}
	chips := func() []string {
		t.Helper()
		out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("ul.chips li span")].map(s => s.textContent)`))
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	const outcome = "Résultat : répondue par la cellule"
	got := chips()
	if len(got) != 2 || got[0] != outcome || !strings.HasPrefix(got[1], "Résolues entre le 1er et le ") {
		t.Fatalf("chips of the figure's list: %q", got)
	}
	if main, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main"))); !strings.Contains(main, tk.Subject) {
		t.Errorf("the figure's list lacks the resolved request:\n%s", main)
	}
	checkA11y(t, ctx, "inbox with a dashboard figure's filters")
	snap(t, ctx, "inbox-chips")

	tabTo(t, ctx, `el.getAttribute("aria-label") === "Retirer le filtre « `+outcome+` »" && el.textContent === "Retirer"`)
	if ring, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](focusRing)); !ring {
		t.Error("the focused « Retirer » shows no focus ring")
	}
	before, _ := chromedp.Run(ctx, chromedp.Location())
	if err := chromedp.Do(ctx, chromedp.KeyEvent("\r")); err != nil {
		t.Fatal(err)
	}
	var after string
	for range 50 {
		if after, _ = chromedp.Run(ctx, chromedp.Location()); after != before {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS("ul.chips"))); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(after, "outcome=") || !strings.Contains(after, "resolved_from=") || !strings.Contains(after, "resolved_to=") ||
		!strings.Contains(after, "view=all") {
		t.Errorf("after removing the outcome: %s (from %s)", after, before)
	}
	if got := chips(); len(got) != 1 || !strings.HasPrefix(got[0], "Résolues entre le 1er et le ") {
		t.Errorf("chips left: %q", got)
	}
	checkA11y(t, ctx, "inbox after removing a filter")
}
