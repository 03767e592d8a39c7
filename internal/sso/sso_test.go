package sso

import (
	"context"
	"errors"
	"testing"

	"github.com/guichet/guichet/internal/sso/ssotest"
)

func TestFlowRoundTrip(t *testing.T) {
	f := NewFlow()
	got, ok := DecodeFlow(f.Encode())
	if !ok || got != f {
		t.Fatalf("round trip: %+v %v", got, ok)
	}
	for _, bad := range []string{"", "a.b", "a.b.court", ".b." + f.Verifier, "a..b" + f.Verifier, "a.b.c.d"} {
		if _, ok := DecodeFlow(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
	if g := NewFlow(); g.State == f.State || g.Nonce == f.Nonce || g.Verifier == f.Verifier {
		t.Error("two flows share a secret")
	}
}

func TestStringsClaim(t *testing.T) {
	id := Identity{Claims: map[string]any{"one": "admin", "many": []any{"a", 3, "b"}, "num": 4.0}}
	if got := id.StringsClaim("one"); len(got) != 1 || got[0] != "admin" {
		t.Errorf("one: %v", got)
	}
	if got := id.StringsClaim("many"); len(got) != 2 || got[1] != "b" {
		t.Errorf("many: %v", got)
	}
	if got := id.StringsClaim("num"); got != nil {
		t.Errorf("num: %v", got)
	}
}

// A callback that does not match the flow is refused before any request to
// the provider (none is configured here).
func TestFinishChecksStateFirst(t *testing.T) {
	c := New(Config{Issuer: "http://127.0.0.1:1", ClientID: "c"})
	f := NewFlow()
	for _, cb := range []Callback{{State: "autre", Code: "x"}, {State: "", Code: "x"}} {
		_, err := c.Finish(context.Background(), f, cb)
		if ReasonOf(err) != BadState {
			t.Errorf("%+v: %v", cb, err)
		}
	}
	if _, err := c.Finish(context.Background(), Flow{}, Callback{}); ReasonOf(err) != BadState {
		t.Errorf("empty flow: %v", err)
	}
	if _, err := c.Finish(context.Background(), f, Callback{State: f.State, Error: "access_denied"}); ReasonOf(err) != Denied {
		t.Errorf("provider error: %v", err)
	}
	_, err := c.Finish(context.Background(), f, Callback{State: f.State, Code: "x"})
	var e *Error
	if !errors.As(err, &e) || e.Reason != Unavailable {
		t.Errorf("no provider: %v", err)
	}
}

// TestFinishReadsTheIdentity: a whole flow against a real provider gives the
// token's issuer and subject, the key accounts are linked by, with its e-mail.
func TestFinishReadsTheIdentity(t *testing.T) {
	idp := ssotest.Start(nil)
	defer idp.Close()
	idp.SignIn(ssotest.User{Subject: "248289761001", Email: "anne@region.example", EmailVerified: true, Name: "Anne"})
	c := New(Config{Issuer: idp.URL, ClientID: ssotest.ClientID, ClientSecret: ssotest.ClientSecret,
		RedirectURL: "http://guichet.example/retour"})
	f := NewFlow()
	target, err := c.AuthURL(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	state, code, err := idp.Authorize(target)
	if err != nil {
		t.Fatal(err)
	}
	id, err := c.Finish(context.Background(), f, Callback{State: state, Code: code})
	if err != nil {
		t.Fatal(err)
	}
	if id.Issuer != idp.URL || id.Subject != "248289761001" || id.Email != "anne@region.example" || !id.EmailVerified {
		t.Errorf("identity %+v", id)
	}
}
