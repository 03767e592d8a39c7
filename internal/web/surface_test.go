package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/web"
)

// TestEveryPostChecksTheToken walks the route table: every form but the
// sign-in form is refused without the session's token, and every page but the
// sign-in page and the static files needs a session.
func TestEveryPostChecksTheToken(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question", "Bonjour")
		signed := f.browser()
		signed.signIn(access.Agent)
		anonymous := f.browser()
		for _, rt := range web.Routes() {
			method, path, _ := strings.Cut(rt.Pattern, " ")
			path = strings.ReplaceAll(path, "{id}", itoa(tk.ID))
			path = strings.ReplaceAll(path, "{file...}", "guichet.css")
			public := path == "/login" || strings.HasPrefix(path, "/static/") ||
				strings.HasPrefix(path, "/login/sso") || // single sign-on: its state cookie is the credential (sso.go)
				strings.HasPrefix(path, "/enquete/") || // the survey: its link is the credential
				strings.HasPrefix(path, "/consultations/") // a consultation's published Q&A (qa.go)
			if public == rt.SignedIn {
				t.Errorf("%s: signed-in %v", rt.Pattern, rt.SignedIn)
			}
			if !public {
				if p := anonymous.do(method, path, url.Values{}); p.code != http.StatusSeeOther ||
					!strings.HasPrefix(p.location(), "/login") {
					t.Errorf("%s without a session: %d → %q", rt.Pattern, p.code, p.location())
				}
			}
			if method == http.MethodPost && rt.SignedIn {
				if p := signed.post(path, url.Values{"body": {"x"}, "lang": {"en"}, "version": {"1"}}); p.code != http.StatusForbidden {
					t.Errorf("%s without the token: %d", rt.Pattern, p.code)
				}
			}
			if strings.HasPrefix(path, "/agent/tickets/") && (rt.Action == "" || !rt.PerTicket) {
				t.Errorf("%s: a ticket route must name the action core checks on the ticket", rt.Pattern)
			}
		}
	})
}
