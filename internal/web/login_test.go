package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/web"
)

func TestSignInOpensTheInboxAndSignOutCloses(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		if p := b.get("/agent?view=mine"); p.code != http.StatusSeeOther || p.location() != "/login?next=%2Fagent%3Fview%3Dmine" {
			t.Fatalf("anonymous inbox: %d → %q", p.code, p.location())
		}
		form := b.get("/login?next=%2Fagent%3Fview%3Dmine")
		mustContain(t, form, `lang="fr"`, "Connexion", `for="email"`, `for="password"`, `name="next" value="/agent?view=mine"`)
		p := b.post("/login", url.Values{"csrf": {csrf(t, form)}, "email": {"Agent@Region.example"},
			"password": {password}, "next": {"/agent?view=mine"}})
		if p.code != http.StatusSeeOther || p.location() != "/agent?view=mine" {
			t.Fatalf("sign-in: %d → %q\n%s", p.code, p.location(), p.body)
		}
		c := b.cookies["guichet_session"]
		if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure || c.Path != "/" {
			t.Fatalf("session cookie %+v", c)
		}
		inbox := b.get("/agent")
		mustContain(t, inbox, "Compte agent (agent)", "Se déconnecter", `aria-current="page"`)
		stolen := c.Value
		if p := b.postForm(inbox, "/logout", url.Values{}); p.code != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login?bye=1") {
			t.Fatalf("sign-out: %d → %q", p.code, p.location())
		}
		if b.cookies["guichet_session"] != nil {
			t.Fatal("the session cookie outlived the sign-out")
		}
		mustContain(t, b.get("/login?bye=1"), "Vous êtes déconnecté.")
		b.cookies["guichet_session"] = &http.Cookie{Name: "guichet_session", Value: stolen, Path: "/"}
		if p := b.get("/agent"); p.code != http.StatusSeeOther || !strings.HasPrefix(p.location(), "/login") {
			t.Fatalf("a signed-out cookie still opens the inbox: %d", p.code)
		}
	})
}

func TestWrongPasswordIsRefusedAndTheAddressKept(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p := f.browser().tryLogin("agent@region.example", "pas le bon")
		if p.code != http.StatusUnauthorized {
			t.Fatalf("wrong password: %d", p.code)
		}
		mustContain(t, p, "Adresse ou mot de passe incorrect.", `value="agent@region.example"`, `aria-invalid="true"`)
		if strings.Contains(p.body, "pas le bon") {
			t.Fatal("the password was sent back in the page")
		}
	})
}

func TestLockOutAfterFiveFailures(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		var p page
		for i := 1; i <= core.LockoutFailures; i++ {
			p = b.tryLogin("agent@region.example", "pas le bon")
			if i < core.LockoutFailures && p.code != http.StatusUnauthorized {
				t.Fatalf("failure %d: %d", i, p.code)
			}
		}
		if p.code != http.StatusTooManyRequests {
			t.Fatalf("fifth failure: %d", p.code)
		}
		mustContain(t, p, "Trop de tentatives : réessayez dans 15 minutes.")
		f.advance(5 * time.Minute)
		p = b.tryLogin("agent@region.example", password)
		if p.code != http.StatusTooManyRequests {
			t.Fatalf("right password while locked out: %d", p.code)
		}
		mustContain(t, p, "réessayez dans 10 minutes.")
		f.advance(10 * time.Minute)
		if p := b.tryLogin("agent@region.example", password); p.code != http.StatusSeeOther {
			t.Fatalf("after the lock-out: %d\n%s", p.code, p.body)
		}
		for _, event := range []string{`"event":"auth.failed"`, `"event":"auth.lockout"`, `"event":"auth.locked_out"`, `"event":"auth.sign_in"`} {
			if !strings.Contains(f.logs.String(), event) {
				t.Errorf("attempts not audited: no %s in the logs", event)
			}
		}
	})
}

func TestIdleSessionExpires(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		f.advance(core.SessionIdle - time.Minute)
		if p := b.get("/agent"); p.code != http.StatusOK {
			t.Fatalf("within the idle limit: %d", p.code)
		}
		f.advance(core.SessionIdle)
		p := b.get("/agent/tickets/1")
		if p.code != http.StatusSeeOther || p.location() != "/login?expired=1&next=%2Fagent%2Ftickets%2F1" {
			t.Fatalf("expired session: %d → %q", p.code, p.location())
		}
		if b.cookies["guichet_session"] != nil {
			t.Fatal("the dead session's cookie was kept")
		}
		mustContain(t, b.get(p.location()), "Votre session a expiré : reconnectez-vous.")
	})
}

func TestFormsWithoutTheSessionTokenAreRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		tk := f.newTicket("Question sur le lot 2", "Peut-on répondre à un seul lot ?")
		path := "/agent/tickets/" + itoa(tk.ID) + "/note"
		other := f.browser()
		otherToken := csrf(t, other.signIn(access.Supervisor))
		b := f.browser()
		b.signIn(access.Agent)
		for name, form := range map[string]url.Values{
			"no token":              {"body": {"note forgée"}},
			"another session token": {"body": {"note forgée"}, "csrf": {otherToken}},
			"empty token":           {"body": {"note forgée"}, "csrf": {""}},
		} {
			p := b.post(path, form)
			if p.code != http.StatusForbidden {
				t.Fatalf("%s: %d", name, p.code)
			}
			mustContain(t, p, "Action non autorisée", "jeton de sécurité absent ou invalide")
		}
		if p := b.post("/logout", url.Values{}); p.code != http.StatusForbidden {
			t.Fatalf("sign-out without token: %d", p.code)
		}
		if p := b.get("/agent"); p.code != http.StatusOK {
			t.Fatalf("a forged sign-out ended the session: %d", p.code)
		}
		msgs, _ := f.svc.Messages(context.Background(), f.actor(access.Agent), tk.ID)
		if len(msgs) != 1 {
			t.Fatalf("a forged form wrote a message: %d messages", len(msgs))
		}
		// The sign-in form has its own token, in a cookie of its own.
		fresh := f.browser()
		p := fresh.post("/login", url.Values{"email": {"agent@region.example"}, "password": {password}})
		if p.code != http.StatusForbidden || fresh.cookies["guichet_session"] != nil {
			t.Fatalf("sign-in without its token: %d", p.code)
		}
		mustContain(t, p, "Le formulaire a expiré")
	})
}

func TestCrossSitePostsAreRefused(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		inbox := b.signIn(access.Agent)
		b.header.Set("Sec-Fetch-Site", "cross-site")
		if p := b.postForm(inbox, "/logout", url.Values{}); p.code != http.StatusForbidden {
			t.Fatalf("cross-site post, even with the token: %d", p.code)
		}
	})
}

func TestSecurityHeadersAndSecureCookie(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		f.h = web.New(web.Options{Core: f.svc, Secure: true, BaseURL: "https://guichet.region.example"})
		b := f.browser()
		b.signIn(access.Agent)
		if c := b.cookies["guichet_session"]; c == nil || !c.Secure {
			t.Fatalf("session cookie not Secure on https: %+v", c)
		}
		p := b.get("/agent")
		csp := p.header.Get("Content-Security-Policy")
		for _, want := range []string{"frame-ancestors 'none'", "script-src 'self'", "default-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("CSP %q lacks %s", csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(p.body, "<script>") || strings.Contains(p.body, " style=") {
			t.Error("inline script or style: the CSP would block it")
		}
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin",
			"X-Frame-Options": "DENY", "Cache-Control": "no-store", "Strict-Transport-Security": "max-age=31536000"} {
			if got := p.header.Get(h); got != want {
				t.Errorf("%s: %q, want %q", h, got, want)
			}
		}
		css := b.get("/static/guichet.css")
		if css.code != http.StatusOK || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") ||
			!strings.Contains(css.body, ":focus-visible") {
			t.Fatalf("style sheet: %d %q", css.code, css.header.Get("Content-Type"))
		}
		if p := b.get("/static/../web.go"); p.code == http.StatusOK {
			t.Fatal("a path outside static/ was served")
		}
	})
}

func TestLanguageFromTheBrowserThenTheSession(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.header.Set("Accept-Language", "en-GB,en;q=0.9,fr;q=0.5")
		form := b.get("/login")
		mustContain(t, form, `lang="en"`, "E-mail address", `href="/login?lang=fr"`)
		mustContain(t, b.get("/login?lang=fr"), `lang="fr"`, "Adresse électronique")
		p := b.post("/login", url.Values{"csrf": {csrf(t, form)}, "email": {"agent@region.example"},
			"password": {password}, "lang": {"en"}})
		if p.code != http.StatusSeeOther {
			t.Fatalf("sign-in: %d", p.code)
		}
		b.header.Del("Accept-Language") // from now on the session decides
		inbox := b.get("/agent")
		mustContain(t, inbox, `<html lang="en">`, "Sign out", "To do")
		p = b.postForm(inbox, "/agent/lang", url.Values{"lang": {"fr"}, "back": {"/agent?view=all"}})
		if p.code != http.StatusSeeOther || p.location() != "/agent?view=all" {
			t.Fatalf("language switch: %d → %q", p.code, p.location())
		}
		mustContain(t, b.get("/agent?view=all"), `<html lang="fr">`, "Se déconnecter", "Toutes")
	})
}

func TestSignInNeverRedirectsAway(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		for _, next := range []string{"//evil.example/agent", "https://evil.example/agent", "/\\evil.example", "/api/v1/tickets"} {
			b := f.browser()
			form := b.get("/login")
			p := b.post("/login", url.Values{"csrf": {csrf(t, form)}, "email": {"agent@region.example"},
				"password": {password}, "next": {next}})
			if p.location() != "/agent" {
				t.Errorf("next %q: redirected to %q", next, p.location())
			}
		}
	})
}

func TestUnknownPagesAndMethods(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		b := f.browser()
		b.signIn(access.Agent)
		for path, want := range map[string]int{"/agent/tickets/999": 404, "/agent/tickets/abc": 404,
			"/agent/nothing": 404} {
			p := b.get(path)
			if p.code != want {
				t.Errorf("%s: %d, want %d", path, p.code, want)
			}
			mustContain(t, p, "Page introuvable", "Retour aux demandes")
		}
		if p := b.get("/logout"); p.code != http.StatusMethodNotAllowed || p.header.Get("Allow") == "" {
			t.Errorf("GET /logout: %d allow %q", p.code, p.header.Get("Allow"))
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
