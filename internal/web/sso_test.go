package web_test

import (
	"context"
	"errors"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/sso"
	"github.com/guichet/guichet/internal/sso/ssotest"
)

// ssoSite is the workspace served over HTTP with single sign-on through a real
// OpenID provider started by the test, both on the fixture's clock.
type ssoSite struct {
	f    *fixture
	idp  *ssotest.Provider
	site *httptest.Server
}

func newSSOSite(t *testing.T, f *fixture, o core.SSOOptions) *ssoSite {
	t.Helper()
	s := &ssoSite{f: f, idp: ssotest.Start(f.clock), site: httptest.NewServer(f.h)}
	t.Cleanup(s.site.Close)
	t.Cleanup(s.idp.Close)
	o.Client = sso.New(sso.Config{Issuer: s.idp.URL, ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret,
		RedirectURL: s.site.URL + "/login/sso/retour", Now: f.svc.Now})
	if o.Name == "" {
		o.Name = "Annuaire régional"
	}
	f.svc.EnableSSO(o)
	return s
}

// ssoBrowser is a browser with a cookie jar, following redirects like one,
// except (when stopAtCallback) the provider's redirect back to Guichet.
type ssoBrowser struct {
	t      *testing.T
	client *http.Client
	jar    *cookiejar.Jar
}

func (s *ssoSite) browser(t *testing.T, stopAtCallback bool) *ssoBrowser {
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	if stopAtCallback {
		c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
			if req.URL.Path == "/login/sso/retour" {
				return http.ErrUseLastResponse
			}
			return nil
		}
	}
	return &ssoBrowser{t: t, client: c, jar: jar}
}

// get fetches a URL, following redirects, and returns the last response's
// status, URL and text.
func (b *ssoBrowser) get(u string) (int, *url.URL, string) {
	b.t.Helper()
	resp, err := b.client.Get(u)
	if err != nil {
		b.t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Request.URL, html.UnescapeString(string(body))
}

// callback starts a sign-in and returns the URL the provider sends the browser
// back to, without following it.
func (b *ssoBrowser) callback(site string) string {
	b.t.Helper()
	resp, err := b.client.Get(site + "/login/sso")
	if err != nil {
		b.t.Fatalf("start: %v", err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.Contains(loc, "/login/sso/retour?") {
		b.t.Fatalf("start: %d to %q, want the provider's redirect back", resp.StatusCode, loc)
	}
	return loc
}

// sessionRole is the role of the session the browser holds.
func (s *ssoSite) sessionRole(t *testing.T, b *ssoBrowser) access.Role {
	t.Helper()
	u, _ := url.Parse(s.site.URL)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == "guichet_session" {
			a, _, err := s.f.svc.SessionActor(context.Background(), c.Value)
			if err != nil {
				t.Fatalf("session: %v", err)
			}
			return a.Role
		}
	}
	t.Fatal("no session cookie")
	return ""
}

// verified is the person of this address at the provider; the subject is the
// same whatever the case of the address, as the account matched is linked to it.
func verified(email string) ssotest.User {
	return ssotest.User{Subject: "sub-" + strings.ToLower(email), Email: email, EmailVerified: true, Name: "Agent SSO"}
}

func TestSSOSignIn(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := newSSOSite(t, f, core.SSOOptions{})
		agent := f.user(access.Agent).Email

		t.Run("the sign-in page offers it", func(t *testing.T) {
			_, _, text := s.browser(t, false).get(s.site.URL + "/login")
			if !strings.Contains(text, "Se connecter avec Annuaire régional") || !strings.Contains(text, `href="/login/sso?lang=fr"`) {
				t.Fatalf("no single sign-on button:\n%s", text)
			}
		})
		t.Run("success opens the same session as a password", func(t *testing.T) {
			s.idp.SignIn(verified(strings.ToUpper(agent)))
			b := s.browser(t, false)
			code, at, text := b.get(s.site.URL + "/login/sso?next=/agent/appels&lang=en")
			if code != http.StatusOK || at.Path != "/agent/appels" || at.Host != strings.TrimPrefix(s.site.URL, "http://") {
				t.Fatalf("ended at %d %s:\n%s", code, at, text)
			}
			if !strings.Contains(text, "Sign out") {
				t.Errorf("the page is not in English, as chosen before leaving:\n%.400s", text)
			}
			if r := s.sessionRole(t, b); r != access.Agent {
				t.Errorf("role %s, want agent", r)
			}
			if code, at, _ := b.get(s.site.URL + "/agent"); code != http.StatusOK || at.Path != "/agent" {
				t.Errorf("the session does not hold: %d %s", code, at)
			}
			if !strings.Contains(f.logs.String(), `"method":"oidc"`) {
				t.Error("the sign-in is not in the audit log")
			}
		})

		refusals := []struct {
			name string
			user ssotest.User
			tamp func(map[string]any)
			want string
		}{
			{"unknown e-mail", verified("inconnu@region.example"), nil, "Aucun compte Guichet pour cette adresse"},
			{"unverified e-mail", ssotest.User{Subject: "x", Email: agent, Name: "X"}, nil, "n'est pas vérifiée"},
			{"no e-mail", ssotest.User{Subject: "x", Name: "X"}, nil, "n'est pas vérifiée"},
			{"wrong nonce", verified(agent), func(c map[string]any) { c["nonce"] = "un-autre" }, "n'est pas valide"},
			{"wrong audience", verified(agent), func(c map[string]any) { c["aud"] = "autre-client" }, "n'est pas valide"},
			{"wrong issuer", verified(agent), func(c map[string]any) { c["iss"] = "https://ailleurs.example" }, "n'est pas valide"},
			{"expired token", verified(agent), func(c map[string]any) {
				c["exp"] = f.clock().Add(-time.Minute).Unix()
				c["iat"] = f.clock().Add(-time.Hour).Unix()
			}, "n'est pas valide"},
		}
		for _, tc := range refusals {
			t.Run(tc.name, func(t *testing.T) {
				s.idp.SignIn(tc.user)
				s.idp.Tamper(tc.tamp)
				code, at, text := s.browser(t, false).get(s.site.URL + "/login/sso")
				if code != http.StatusUnauthorized || at.Path != "/login/sso/retour" || !strings.Contains(text, tc.want) {
					t.Fatalf("got %d at %s, want 401 saying %q:\n%s", code, at, tc.want, text)
				}
				if strings.Contains(text, "guichet_session") {
					t.Error("a session was opened")
				}
			})
		}

		t.Run("disabled account", func(t *testing.T) {
			viewer := f.user(access.Viewer).Email
			if err := f.svc.SetUserActive(context.Background(), f.actor(access.Admin), viewer, false); err != nil {
				t.Fatal(err)
			}
			s.idp.SignIn(verified(viewer))
			code, _, text := s.browser(t, false).get(s.site.URL + "/login/sso")
			if code != http.StatusUnauthorized || !strings.Contains(text, "Ce compte est désactivé") {
				t.Fatalf("got %d:\n%s", code, text)
			}
		})
		t.Run("bad or missing state", func(t *testing.T) {
			s.idp.SignIn(verified(agent))
			b := s.browser(t, true)
			back := b.callback(s.site.URL)
			forged := strings.Replace(back, "state=", "state=x", 1)
			code, _, text := b.get(forged)
			if code != http.StatusUnauthorized || !strings.Contains(text, "Cette connexion a expiré ou n'a pas été commencée") {
				t.Fatalf("forged state: %d\n%s", code, text)
			}
			// The same callback in another browser (no flow cookie): refused too.
			code, _, text = s.browser(t, true).get(s.browser(t, true).callback(s.site.URL))
			if code != http.StatusUnauthorized || !strings.Contains(text, "n'a pas été commencée") {
				t.Fatalf("other browser: %d\n%s", code, text)
			}
		})
		t.Run("replayed code", func(t *testing.T) {
			s.idp.SignIn(verified(agent))
			b := s.browser(t, true)
			back := b.callback(s.site.URL)
			if code, at, _ := b.get(back); code != http.StatusOK || at.Path != "/agent" {
				t.Fatalf("first use: %d %s", code, at)
			}
			// The very same callback again: its flow is used up.
			if code, _, text := b.get(back); code != http.StatusUnauthorized || !strings.Contains(text, "n'a pas été commencée") {
				t.Fatalf("same callback again: %d\n%s", code, text)
			}
			// The old code with a fresh flow's state: the provider refuses it.
			fresh, _ := url.Parse(b.callback(s.site.URL))
			old, _ := url.Parse(back)
			q := fresh.Query()
			q.Set("code", old.Query().Get("code"))
			fresh.RawQuery = q.Encode()
			if code, _, text := b.get(fresh.String()); code != http.StatusUnauthorized || !strings.Contains(text, "déjà utilisé ou expiré") {
				t.Fatalf("replayed code: %d\n%s", code, text)
			}
		})
		t.Run("refused at the provider", func(t *testing.T) {
			s.idp.Deny()
			code, _, text := s.browser(t, false).get(s.site.URL + "/login/sso")
			if code != http.StatusUnauthorized || !strings.Contains(text, "a refusé la connexion") {
				t.Fatalf("got %d:\n%s", code, text)
			}
		})
		t.Run("provider down after the start", func(t *testing.T) {
			s.idp.SignIn(verified(agent))
			b := s.browser(t, true)
			back := b.callback(s.site.URL)
			s.idp.Close() // the token endpoint no longer answers
			code, _, text := b.get(back)
			if code != http.StatusBadGateway || !strings.Contains(text, "Le fournisseur d'identité ne répond pas") ||
				!strings.Contains(text, "Mot de passe") {
				t.Fatalf("got %d:\n%s", code, text)
			}
		})
	})
}

func TestSSOProviderDownAtStart(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		dead := httptest.NewServer(http.NotFoundHandler())
		dead.Close()
		f.svc.EnableSSO(core.SSOOptions{Name: "Annuaire", Client: sso.New(sso.Config{Issuer: dead.URL,
			ClientID: "c", ClientSecret: "s", RedirectURL: "http://guichet.example/login/sso/retour"})})
		site := httptest.NewServer(f.h)
		defer site.Close()
		resp, err := http.Get(site.URL + "/login/sso")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		text := html.UnescapeString(string(body))
		if resp.StatusCode != http.StatusBadGateway || !strings.Contains(text, "Le fournisseur d'identité ne répond pas : réessayez plus tard") {
			t.Fatalf("got %d:\n%s", resp.StatusCode, text)
		}
		if !strings.Contains(f.logs.String(), "auth.sso_unavailable") {
			t.Error("the outage is not logged")
		}
	})
}

func TestSSOCreatesAccountsAndMapsRoles(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := newSSOSite(t, f, core.SSOOptions{CreateRole: access.Viewer, RoleClaim: "groups", EmailDomains: []string{"region.example"},
			RoleMap: map[string]string{"marches-superviseurs": "supervisor", "marches-travaux": "specialist:travaux"}})

		s.idp.SignIn(verified("nouvelle@region.example"))
		b := s.browser(t, false)
		if code, at, text := b.get(s.site.URL + "/login/sso"); code != http.StatusOK || at.Path != "/agent" {
			t.Fatalf("first sign-in: %d %s\n%s", code, at, text)
		}
		if r := s.sessionRole(t, b); r != access.Viewer {
			t.Errorf("new account's role %s, want viewer (GUICHET_OIDC_CREATE_ROLE)", r)
		}
		// The same person, now in the supervisors' group (and the works service's:
		// the role granting most wins), signs in again.
		u := verified("nouvelle@region.example")
		u.Extra = map[string]any{"groups": []string{"autre", "marches-travaux", "marches-superviseurs"}}
		s.idp.SignIn(u)
		b = s.browser(t, false)
		if code, at, _ := b.get(s.site.URL + "/login/sso"); code != http.StatusOK || at.Path != "/agent" {
			t.Fatalf("second sign-in: %d %s", code, at)
		}
		if r := s.sessionRole(t, b); r != access.Supervisor {
			t.Errorf("role %s, want supervisor from the groups claim", r)
		}
		// A first sign-in whose claim maps to a role gets that role.
		u = verified("specialiste@region.example")
		u.Extra = map[string]any{"groups": "marches-travaux"}
		s.idp.SignIn(u)
		b = s.browser(t, false)
		if code, _, text := b.get(s.site.URL + "/login/sso"); code != http.StatusOK {
			t.Fatalf("specialist: %d\n%s", code, text)
		}
		if r := s.sessionRole(t, b); r != access.Specialist {
			t.Errorf("role %s, want specialist", r)
		}
		// Another organisation's person, known to the same provider: no account.
		s.idp.SignIn(verified("quelquun@ailleurs.example"))
		if code, _, text := s.browser(t, false).get(s.site.URL + "/login/sso"); code != http.StatusUnauthorized ||
			!strings.Contains(text, "n'appartient pas à un domaine admis") {
			t.Fatalf("other domain: %d\n%s", code, text)
		}
	})
}

// TestSSOLockOut: refusals count like failed passwords; after five for one
// address from one IP, that address is locked out there, by SSO and password.
func TestSSOLockOut(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := newSSOSite(t, f, core.SSOOptions{})
		s.idp.SignIn(verified("intrus@region.example"))
		var text string
		var code int
		for range core.LockoutFailures {
			code, _, text = s.browser(t, false).get(s.site.URL + "/login/sso")
		}
		if code != http.StatusTooManyRequests || !strings.Contains(text, "Trop de tentatives") {
			t.Fatalf("after %d refusals: %d\n%s", core.LockoutFailures, code, text)
		}
		_, err := f.svc.SignIn(context.Background(), "intrus@region.example", "peu importe", "127.0.0.1")
		var locked *core.LockedOut
		if !errors.As(err, &locked) {
			t.Errorf("the password sign-in of that address is not locked out: %v", err)
		}
	})
}
