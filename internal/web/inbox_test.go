package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/ticket"
)

// seedViews makes one request per situation the views tell apart.
func seedViews(t *testing.T, f *fixture) map[string]*ticket.Ticket {
	ctx := context.Background()
	agent := f.actor(access.Agent)
	tks := map[string]*ticket.Ticket{
		"new":      f.newTicket("Demande neuve", "Bonjour"),
		"mine":     f.newTicket("Demande suivie par moi", "Bonjour"),
		"waiting":  f.newTicket("Demande en attente", "Bonjour"),
		"resolved": f.newTicket("Demande résolue", "Bonjour"),
	}
	me, open, waiting, resolved, cell := agent.UserID, ticket.Open, ticket.WaitingCompany, ticket.Resolved, ticket.AnsweredByCell
	updates := map[string]ticket.Update{
		"mine":     {AssigneeID: &me, State: &open},
		"waiting":  {State: &waiting},
		"resolved": {State: &resolved, Outcome: &cell},
	}
	for name, u := range updates {
		tk, err := f.svc.UpdateTicket(ctx, agent, tks[name].ID, u, 0)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		tks[name] = tk
	}
	return tks
}

func TestInboxViews(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedViews(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		cases := map[string][]string{
			"":           {"Demande neuve", "Demande suivie par moi"},
			"todo":       {"Demande neuve", "Demande suivie par moi"},
			"mine":       {"Demande suivie par moi"},
			"unassigned": {"Demande neuve", "Demande en attente"},
			"waiting":    {"Demande en attente"},
			"due":        {"Demande neuve", "Demande suivie par moi", "Demande en attente"},
			"all":        {"Demande neuve", "Demande suivie par moi", "Demande en attente", "Demande résolue"},
		}
		all := cases["all"]
		for view, want := range cases {
			p := b.get("/agent?view=" + view)
			if p.code != http.StatusOK {
				t.Fatalf("view %q: %d", view, p.code)
			}
			for _, subject := range all {
				if got := strings.Contains(p.text(), subject); got != contains(want, subject) {
					t.Errorf("view %q: %q shown=%v", view, subject, got)
				}
			}
			mustContain(t, p, fmt.Sprintf("(%d demande", len(want)))
		}
		if strings.Contains(b.get("/agent").body, "view=service") {
			t.Error("an agent of the cell sees the specialists' view")
		}
		s := f.browser()
		mustContain(t, s.signIn(access.Specialist), "Transmises à mon service")
	})
}

func TestInboxFiltersLiveInTheAddress(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		seedViews(t, f)
		b := f.browser()
		b.signIn(access.Agent)
		q := url.Values{"view": {"all"}, "company": {"443 061 841 00047"}, "q": {"attente"}, "state": {"waiting_company"},
			"channel": {"web"}, "topic": {"dce"}, "scope": {"own_tender"}, "team": {"cellule"}, "sort": {"due_asc"}}
		p := b.get("/agent?" + q.Encode())
		if p.code != http.StatusOK || !strings.Contains(p.text(), "Demande en attente") || strings.Contains(p.text(), "Demande neuve") {
			t.Fatalf("filters: %d\n%s", p.code, p.body)
		}
		// The form shows the filters back, so that the page is its own bookmark.
		mustContain(t, p, `value="443 061 841 00047"`, `value="attente"`, `<option value="waiting_company" selected>`,
			`<option value="due_asc" selected>`, `<option value="dce" selected>`)
		if p := b.get("/agent?view=all&channel=phone"); strings.Contains(p.text(), "Demande en attente") {
			t.Fatal("the channel filter let a web request through")
		}
		bad := b.get("/agent?company=123&state=archived")
		if bad.code != http.StatusUnprocessableEntity {
			t.Fatalf("bad filters: %d", bad.code)
		}
		mustContain(t, bad, `id="f-company-error"`, `id="f-state-error"`, `aria-invalid="true"`)
	})
}

func TestInboxPagesWithoutCounting(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for i := range 53 {
			f.newTicket(fmt.Sprintf("Demande numéro %02d", i), "Bonjour")
		}
		b := f.browser()
		b.signIn(access.Agent)
		first := b.get("/agent?view=all")
		mustContain(t, first, "plus de 50 demandes", "Page suivante", "Demande numéro 52")
		if strings.Contains(first.text(), "Demande numéro 02") {
			t.Fatal("the first page holds more than a page")
		}
		next := nextLink(t, first)
		if !strings.Contains(next, "view=all") || !strings.Contains(next, "after=") {
			t.Fatalf("next link %q lost the view or the cursor", next)
		}
		second := b.get(next)
		mustContain(t, second, "Demande numéro 02", "Demande numéro 00", "Première page")
		if strings.Contains(second.text(), "Demande numéro 03") || strings.Contains(second.body, `rel="next"`) {
			t.Fatal("the second page repeats the first or goes on")
		}
		if p := b.get("/agent?view=all&after=zzz"); p.code != http.StatusUnprocessableEntity {
			t.Fatalf("unreadable cursor: %d", p.code)
		}
	})
}

func TestScriptInASubjectIsShownNotRun(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket(`<script>alert("objet")</script>`, `<img src=x onerror=alert(1)> et </textarea><b>gras</b>`)
		b := f.browser()
		inbox := b.signIn(access.Agent)
		shown := b.get("/agent/tickets/" + itoa(tk.ID))
		for name, p := range map[string]page{"inbox": inbox, "ticket": shown} {
			if strings.Contains(p.body, `<script>alert`) || strings.Contains(p.body, "<img src=x") || strings.Contains(p.body, "<b>gras") {
				t.Errorf("%s: markup from a request reached the page unescaped", name)
			}
			mustContain(t, p, `<script>alert("objet")</script>`)
		}
		mustContain(t, shown, `<img src=x onerror=alert(1)> et </textarea><b>gras</b>`)

		// A subject with a phone number: the number becomes a tel: link, the
		// markup around it stays text.
		tk = f.newTicket(`<b>Rappel</b> du 04 72 12 34 56 <script>alert(2)</script>`, "Bonjour")
		inbox, shown = b.get("/agent"), b.get("/agent/tickets/"+itoa(tk.ID))
		const after = ` <a href="tel:+33472123456">04 72 12 34 56</a> &lt;script&gt;alert(2)&lt;/script&gt;`
		for name, want := range map[string]string{
			"inbox":  `<a href="/agent/tickets/` + itoa(tk.ID) + `">&lt;b&gt;Rappel&lt;/b&gt; du</a>` + after,
			"ticket": `<h1><span class="number">` + tk.Number + `</span> &lt;b&gt;Rappel&lt;/b&gt; du` + after + `</h1>`,
		} {
			p := map[string]page{"inbox": inbox, "ticket": shown}[name]
			if strings.Contains(p.body, `<b>Rappel`) || strings.Contains(p.body, `<script>alert(2)`) || !strings.Contains(p.body, want) {
				t.Errorf("%s: the subject with a number is not shown as text with a tel: link:\n%s", name, p.body)
			}
		}
	})
}

func nextLink(t *testing.T, p page) string {
	t.Helper()
	_, after, ok := strings.Cut(p.body, `rel="next"`)
	before, _, _ := strings.Cut(p.body, `rel="next"`)
	i := strings.LastIndex(before, `href="`)
	if !ok || i < 0 || after == "" {
		t.Fatal("no next page link")
	}
	href := before[i+len(`href="`):]
	href = href[:strings.Index(href, `"`)]
	return strings.ReplaceAll(href, "&amp;", "&")
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
