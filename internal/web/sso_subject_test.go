package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/sso/ssotest"
)

// sessionActor is the account of the session the browser holds, as read back
// from the store.
func (s *ssoSite) sessionActor(t *testing.T, b *ssoBrowser) access.Actor {
	t.Helper()
	u, _ := url.Parse(s.site.URL)
	for _, c := range b.jar.Cookies(u) {
		if c.Name == "guichet_session" {
			a, _, err := s.f.svc.SessionActor(context.Background(), c.Value)
			if err != nil {
				t.Fatalf("session: %v", err)
			}
			return a
		}
	}
	t.Fatal("no session cookie")
	return access.Actor{}
}

// signIn runs a whole single sign-on of this person in a new browser and
// returns the account it opened; it fails the test if none was.
func (s *ssoSite) signIn(t *testing.T, u ssotest.User) access.Actor {
	t.Helper()
	s.idp.SignIn(u)
	b := s.browser(t, false)
	if code, at, text := b.get(s.site.URL + "/login/sso"); code != http.StatusOK || at.Path != "/agent" {
		t.Fatalf("sign-in of %+v: %d at %s\n%.600s", u, code, at, text)
	}
	return s.sessionActor(t, b)
}

// refused runs a single sign-on that must be refused with a message containing want.
func (s *ssoSite) refused(t *testing.T, u ssotest.User, want string) {
	t.Helper()
	s.idp.SignIn(u)
	b := s.browser(t, false)
	code, _, text := b.get(s.site.URL + "/login/sso")
	if code != http.StatusUnauthorized || !strings.Contains(text, want) {
		t.Fatalf("sign-in of %+v: got %d, want 401 saying %q:\n%.600s", u, code, want, text)
	}
	site, _ := url.Parse(s.site.URL)
	for _, c := range b.jar.Cookies(site) {
		if c.Name == "guichet_session" {
			t.Fatal("a session was opened")
		}
	}
}

func person(sub, email string, emailVerified bool) ssotest.User {
	return ssotest.User{Subject: sub, Email: email, EmailVerified: emailVerified, Name: "Personne " + sub}
}

const reuseRefusal = "lié à une autre identité du fournisseur"

// TestSSOSubjectMatching: an account is found by the ID token's (issuer,
// subject) once linked; the e-mail claim links an account only on its first
// SSO sign-in, and never an account linked to someone else.
func TestSSOSubjectMatching(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		s := newSSOSite(t, f, core.SSOOptions{})
		agent := f.user(access.Agent)
		supervisor := f.user(access.Supervisor).Email
		const renamed = "agent.nouveau-nom@region.example"

		t.Run("a first sign-in links the account of the verified e-mail", func(t *testing.T) {
			if a := s.signIn(t, person("sub-agent", agent.Email, true)); a.UserID != agent.ID {
				t.Fatalf("opened account %d, want the agent's %d", a.UserID, agent.ID)
			}
			if !strings.Contains(f.logs.String(), `"event":"auth.sso_linked"`) {
				t.Error("the link is not logged")
			}
		})
		t.Run("the subject opens its account whatever the e-mail claim says", func(t *testing.T) {
			a := s.signIn(t, person("sub-agent", renamed, true))
			if a.UserID != agent.ID || a.Email != renamed {
				t.Fatalf("opened %d <%s>, want the agent's %d with the new address", a.UserID, a.Email, agent.ID)
			}
			if !strings.Contains(f.logs.String(), `"event":"auth.email_changed"`) {
				t.Error("the change of address is not logged")
			}
			// The local password now goes with the new address.
			if _, err := f.svc.SignIn(ctx, renamed, password, "192.0.2.9"); err != nil {
				t.Errorf("password sign-in with the new address: %v", err)
			}
		})
		t.Run("an unverified address or another account's is not taken", func(t *testing.T) {
			if a := s.signIn(t, person("sub-agent", supervisor, true)); a.UserID != agent.ID || a.Email != renamed {
				t.Fatalf("opened %d <%s>, want the agent's %d keeping <%s>", a.UserID, a.Email, agent.ID, renamed)
			}
			if !strings.Contains(f.logs.String(), `"reason":"taken"`) {
				t.Error("the address kept is not logged")
			}
			if a := s.signIn(t, person("sub-agent", "pas.verifiee@region.example", false)); a.UserID != agent.ID || a.Email != renamed {
				t.Fatalf("unverified claim: opened %d <%s>", a.UserID, a.Email)
			}
			if a := s.signIn(t, person("sub-agent", "", false)); a.UserID != agent.ID {
				t.Fatalf("no e-mail claim: opened %d", a.UserID)
			}
		})
		t.Run("an address reused for another person opens nothing", func(t *testing.T) {
			s.refused(t, person("sub-nouvel-arrivant", renamed, true), reuseRefusal)
			if !strings.Contains(f.logs.String(), `"event":"auth.sso_address_reuse"`) {
				t.Error("the refusal is not logged as an address reuse")
			}
		})
		t.Run("a departed person's disabled account, its address given to a newcomer", func(t *testing.T) {
			viewer := f.user(access.Viewer)
			s.signIn(t, person("sub-partie", viewer.Email, true))
			if err := f.svc.SetUserActive(ctx, f.actor(access.Admin), viewer.Email, false); err != nil {
				t.Fatal(err)
			}
			s.refused(t, person("sub-partie", viewer.Email, true), "Ce compte est désactivé")
			s.refused(t, person("sub-nouvelle", viewer.Email, true), reuseRefusal)
		})
		t.Run("an administrator unlinks the account; the next sign-in links it again", func(t *testing.T) {
			if _, _, err := f.svc.UnlinkSSO(ctx, f.actor(access.Supervisor), renamed); !errs.Is(err, errs.Forbidden) {
				t.Fatalf("unlink by a supervisor: %v, want forbidden", err)
			}
			iss, sub, err := f.svc.UnlinkSSO(ctx, f.actor(access.Admin), renamed)
			if err != nil || iss != s.idp.URL || sub != "sub-agent" {
				t.Fatalf("unlink: %q %q %v, want the provider's sub-agent", iss, sub, err)
			}
			if a := s.signIn(t, person("sub-nouveau-annuaire", renamed, true)); a.UserID != agent.ID {
				t.Fatalf("after unlinking: opened %d, want the agent's %d", a.UserID, agent.ID)
			}
			// Linked to the new subject now: the old one is someone else.
			s.refused(t, person("sub-agent", renamed, true), reuseRefusal)
			if iss, sub, err := f.svc.UnlinkSSO(ctx, access.System(), supervisor); err != nil || iss != "" || sub != "" {
				t.Errorf("unlinking an account never linked: %q %q %v", iss, sub, err)
			}
		})
		t.Run("the same subject at another provider is another person", func(t *testing.T) {
			other := newSSOSite(t, f, core.SSOOptions{}) // the workspace now trusts another issuer
			other.refused(t, person("sub-nouveau-annuaire", renamed, true), reuseRefusal)
		})
	})
}

// TestSSOCreatedAccountKeepsItsSubject: an account made at a first sign-in is
// linked at once, so it follows its person and not the address.
func TestSSOCreatedAccountKeepsItsSubject(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		s := newSSOSite(t, f, core.SSOOptions{CreateRole: access.Viewer, EmailDomains: []string{"region.example"}})
		created := s.signIn(t, person("sub-creee", "creee@region.example", true))
		if created.Role != access.Viewer {
			t.Fatalf("created with role %s", created.Role)
		}
		if a := s.signIn(t, person("sub-creee", "creee.mariee@region.example", true)); a.UserID != created.UserID || a.Email != "creee.mariee@region.example" {
			t.Fatalf("same subject, new address: opened %d <%s>, want %d", a.UserID, a.Email, created.UserID)
		}
		// An address outside the accepted domains is not taken, but the person signs in.
		if a := s.signIn(t, person("sub-creee", "creee@ailleurs.example", true)); a.UserID != created.UserID || a.Email != "creee.mariee@region.example" {
			t.Fatalf("out-of-domain claim: opened %d <%s>", a.UserID, a.Email)
		}
		// Someone else with the old address gets an account of their own; with
		// the current one, nothing.
		if a := s.signIn(t, person("sub-autre", "creee@region.example", true)); a.UserID == created.UserID {
			t.Fatal("the old address opened the account that left it")
		}
		s.refused(t, person("sub-troisieme", "creee.mariee@region.example", true), reuseRefusal)
		iss, sub, err := f.svc.UnlinkSSO(context.Background(), access.System(), "creee.mariee@region.example")
		if err != nil || iss != s.idp.URL || sub != "sub-creee" {
			t.Fatalf("the created account's identity: %q %q %v", iss, sub, err)
		}
	})
}
