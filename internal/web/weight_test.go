package web_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
)

// pageBudget is the most a main screen may weigh without images: its HTML, the
// styles and scripts it references, and the fragments its script loads at once
// (issue 3, "Speed": under 200 KB).
const pageBudget = 200_000

// references are what a page makes the browser load besides images: its
// stylesheets, its scripts, and the fragments the ticket page's script fetches
// when it opens (data-calls, data-similar).
var references = regexp.MustCompile(`<link rel="stylesheet" href="([^"]+)"|<script src="([^"]+)"|data-(?:calls|similar)="(/agent/[^"]+)"`)

// TestPagesWeighUnderBudget loads the inbox, the call screen and a ticket page
// with a long conversation, as a signed-in agent, and fails when one of them,
// with what it references, weighs 200 KB or more.
func TestPagesWeighUnderBudget(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		var tk int64
		for i := range 30 { // a full inbox page
			tk = f.newTicket("Question sur le lot "+itoa(int64(i)), strings.Repeat("Peut-on répondre à un seul lot ? ", 10)).ID
		}
		for range 20 { // a long conversation: 20 answers of 600 characters
			if _, err := f.svc.AddMessage(context.Background(), f.actor(access.Agent), tk,
				core.NewMessage{Kind: "outbound", Body: strings.Repeat("Réponse détaillée de la cellule. ", 18)}); err != nil {
				t.Fatal(err)
			}
		}
		b := f.browser()
		b.signIn(access.Agent)
		for _, path := range []string{"/agent", "/agent/appel", "/agent/tickets/" + itoa(tk)} {
			p := b.get(path)
			if p.code != http.StatusOK {
				t.Fatalf("%s: %d", path, p.code)
			}
			total, parts := len(p.body), []string{path + " " + itoa(int64(len(p.body)))}
			for _, m := range references.FindAllStringSubmatch(p.body, -1) {
				ref := m[1] + m[2] + m[3]
				r := b.get(strings.ReplaceAll(ref, "&amp;", "&"))
				if r.code != http.StatusOK {
					t.Fatalf("%s references %s: %d", path, ref, r.code)
				}
				total += len(r.body)
				parts = append(parts, ref+" "+itoa(int64(len(r.body))))
			}
			if len(parts) < 3 {
				t.Fatalf("%s references too little to be measured: %v", path, parts)
			}
			t.Logf("%s: %d bytes (%s)", path, total, strings.Join(parts, ", "))
			if total >= pageBudget {
				t.Errorf("%s weighs %d bytes with what it loads, over the %d budget: %s", path, total, pageBudget,
					strings.Join(parts, ", "))
			}
		}
	})
}
