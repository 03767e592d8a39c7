package portal_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/portal"
)

// TestEveryContactRouteNeedsAPortalSession walks the route table: a visitor
// without a portal session — or with an agent's session cookie — reaches none
// of a contact's pages.
func TestEveryContactRouteNeedsAPortalSession(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		tk := f.ask("44306184100047", "Menuiserie Dupont", "anne@dupont.example", "Lot 2")
		contact := 0
		for _, rt := range portal.Routes() {
			if !rt.SignedIn {
				continue
			}
			contact++
			method, path, _ := strings.Cut(rt.Pattern, " ")
			path = strings.NewReplacer("{number}", tk.Number, "{id}", "1").Replace(path)
			req := httptest.NewRequest(method, path, strings.NewReader("csrf=x"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.AddCookie(&httptestCookie)
			w := f.do(req, "")
			if w.Code == 200 || strings.Contains(body(w), "Lot 2") {
				t.Errorf("%s without a portal session: %d", rt.Pattern, w.Code)
			}
			if method == "GET" && (w.Code != 303 || w.Header().Get("Location") != "/suivi?expire=1") {
				t.Errorf("%s: %d %s, want a redirect to the sign-in form", rt.Pattern, w.Code, w.Header().Get("Location"))
			}
		}
		if contact < 5 {
			t.Fatalf("only %d contact routes", contact)
		}
	})
}

func TestPagesCarryTheirSecurityHeadersAndAssets(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		for _, path := range []string{"/question", "/suivi", "/suivi/connexion?t=x"} {
			w := f.get(path, "")
			h := w.Header()
			if w.Code != 200 || !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") ||
				h.Get("X-Frame-Options") != "DENY" || h.Get("Cache-Control") != "no-store" ||
				!strings.Contains(body(w), `<html lang="fr">`) {
				t.Errorf("%s: %d %v", path, w.Code, h)
			}
		}
		for file, ct := range map[string]string{"portail.css": "text/css", "portail.js": "text/javascript"} {
			w := f.get("/portail/static/"+file, "")
			if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), ct) {
				t.Errorf("%s: %d %s", file, w.Code, w.Header().Get("Content-Type"))
			}
		}
		if w := f.get("/portail/static/../portal.go", ""); w.Code == 200 {
			t.Error("a source file is served")
		}
		if w := f.get("/suivi/inconnu", ""); w.Code != 404 {
			t.Errorf("unknown page: %d", w.Code)
		}
	})
}
