package core_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/sso"
	"github.com/guichet/guichet/internal/sso/ssotest"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

// ssoFixture is a seeded service with single sign-on through a real provider.
type ssoFixture struct {
	*fixture
	idp *ssotest.Provider
}

func newSSOFixture(t *testing.T, s *store.Store, o core.SSOOptions) *ssoFixture {
	t.Helper()
	f := &ssoFixture{fixture: newFixture(t, s)}
	f.idp = ssotest.Start(f.clock)
	t.Cleanup(f.idp.Close)
	o.Client = sso.New(sso.Config{Issuer: f.idp.URL, ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret,
		RedirectURL: "http://guichet.example/login/sso/retour", Now: f.svc.Now})
	f.svc.EnableSSO(o)
	return f
}

// authorized is a flow the provider has answered: what the browser brings back.
type authorized struct {
	flow core.SSOFlow
	cb   core.SSOCallback
}

// authorize starts a sign-in and has the provider sign this person in.
func (f *ssoFixture) authorize(t *testing.T, person ssotest.User) authorized {
	t.Helper()
	target, flow, err := f.svc.StartSSO(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.idp.SignIn(person)
	state, code, err := f.idp.Authorize(target)
	if err != nil {
		t.Fatal(err)
	}
	return authorized{flow, core.SSOCallback{State: state, Code: code}}
}

// finishAll ends the flows at once and returns each one's account or error.
func (f *ssoFixture) finishAll(flows []authorized) ([]access.Actor, []error) {
	actors, errors := make([]access.Actor, len(flows)), make([]error, len(flows))
	var wg sync.WaitGroup
	for i, a := range flows {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sess, err := f.svc.FinishSSO(context.Background(), a.flow, a.cb, "192.0.2.1")
			if err == nil {
				actors[i], _, err = f.svc.SessionActor(context.Background(), sess.Token)
			}
			errors[i] = err
		}()
	}
	wg.Wait()
	return actors, errors
}

// TestSSOConcurrentFirstSignIns: two first sign-ins at once of one person make
// one account; of two people with one address, one links it and the other is
// refused, whichever wins.
func TestSSOConcurrentFirstSignIns(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newSSOFixture(t, s, core.SSOOptions{CreateRole: access.Viewer, EmailDomains: []string{"region.example"}})
		newcomer := ssotest.User{Subject: "sub-nouvelle", Email: "nouvelle@region.example", EmailVerified: true, Name: "Nouvelle"}
		var flows []authorized
		for range 4 {
			flows = append(flows, f.authorize(t, newcomer))
		}
		actors, errs := f.finishAll(flows)
		for i := range flows {
			if errs[i] != nil || actors[i].UserID != actors[0].UserID || actors[i].Email != newcomer.Email {
				t.Fatalf("sign-in %d: %+v %v, want the one account of %s", i, actors[i], errs[i], newcomer.Email)
			}
		}

		agent := f.actors[access.Agent]
		flows = []authorized{
			f.authorize(t, ssotest.User{Subject: "sub-un", Email: agent.Email, EmailVerified: true}),
			f.authorize(t, ssotest.User{Subject: "sub-deux", Email: agent.Email, EmailVerified: true}),
		}
		actors, errs = f.finishAll(flows)
		won, lost := 0, 1
		if errs[0] != nil {
			won, lost = 1, 0
		}
		var refused *core.SSORefused
		if errs[won] != nil || actors[won].UserID != agent.UserID || !errors.As(errs[lost], &refused) || refused.Reason != core.SSOLinked {
			t.Fatalf("two identities for one address: %+v %v; %v", actors[won], errs[won], errs[lost])
		}
		// The winner's identity opens the account from now on; the loser's never.
		winner := []string{"sub-un", "sub-deux"}[won]
		if _, errs := f.finishAll([]authorized{f.authorize(t, ssotest.User{Subject: winner, Email: "autre@region.example"})}); errs[0] != nil {
			t.Errorf("the linked identity, with another unverified address: %v", errs[0])
		}
	})
}
