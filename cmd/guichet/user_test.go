package main

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/sso"
	"github.com/guichet/guichet/internal/sso/ssotest"
)

// ssoSignIn runs one single sign-on of person against the data directory's
// workspace, through a real provider, and returns core's answer.
func ssoSignIn(t *testing.T, dir string, idp *ssotest.Provider, person ssotest.User) error {
	t.Helper()
	ctx := context.Background()
	a, err := openApp(ctx, env{stderr: io.Discard, getenv: func(k string) string { return map[string]string{"GUICHET_DATA_DIR": dir}[k] }}, "")
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	a.Core().EnableSSO(core.SSOOptions{Name: "Annuaire", Client: sso.New(sso.Config{Issuer: idp.URL,
		ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret, RedirectURL: "http://guichet.example/login/sso/retour"})})
	idp.SignIn(person)
	target, flow, err := a.Core().StartSSO(ctx)
	if err != nil {
		t.Fatal(err)
	}
	state, code, err := idp.Authorize(target)
	if err != nil {
		t.Fatal(err)
	}
	_, err = a.Core().FinishSSO(ctx, flow, core.SSOCallback{State: state, Code: code}, "192.0.2.1")
	return err
}

// TestUserSSOUnlink: a person whose subject changed at the provider is refused
// until `guichet user sso-unlink` forgets the old one; then the next sign-in
// links the account to the new subject.
func TestUserSSOUnlink(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := cli(t, dir, "", "user", "add", "--email", "anne@region.example", "--role", "agent"); code != 0 {
		t.Fatalf("user add: %d %q", code, errOut)
	}
	idp := ssotest.Start(nil)
	defer idp.Close()
	anne := func(sub string) ssotest.User {
		return ssotest.User{Subject: sub, Email: "anne@region.example", EmailVerified: true, Name: "Anne"}
	}
	if err := ssoSignIn(t, dir, idp, anne("ancien-annuaire-42")); err != nil {
		t.Fatalf("first sign-in: %v", err)
	}
	var refused *core.SSORefused
	if err := ssoSignIn(t, dir, idp, anne("nouvel-annuaire-7")); !errors.As(err, &refused) || refused.Reason != core.SSOLinked {
		t.Fatalf("new subject before unlinking: %v, want refused as linked to another identity", err)
	}
	code, out, errOut := cli(t, dir, "", "user", "sso-unlink", "--email", "Anne@region.example")
	if code != 0 || !strings.Contains(out, "ancien-annuaire-42") || !strings.Contains(out, idp.URL) {
		t.Fatalf("sso-unlink: %d %q %q", code, out, errOut)
	}
	if err := ssoSignIn(t, dir, idp, anne("nouvel-annuaire-7")); err != nil {
		t.Fatalf("new subject after unlinking: %v", err)
	}
	if err := ssoSignIn(t, dir, idp, anne("ancien-annuaire-42")); err == nil {
		t.Fatal("the old subject still opens the account")
	}
	// Nothing linked: said, and not an error.
	cli(t, dir, "", "user", "add", "--email", "paul@region.example", "--role", "agent")
	if code, out, _ := cli(t, dir, "", "user", "sso-unlink", "--email", "paul@region.example"); code != 0 || !strings.Contains(out, "aucune identité") {
		t.Errorf("unlinking an account never linked: %d %q", code, out)
	}
	bad := [][]string{{"user", "sso-unlink"}, {"user", "sso-unlink", "--email", "personne@region.example"}}
	for i, args := range bad {
		code, _, errOut := cli(t, dir, "", args...)
		if want := []int{2, 1}[i]; code != want || errOut == "" {
			t.Errorf("%v: exit %d (want %d) %q", args, code, want, errOut)
		}
	}
}
