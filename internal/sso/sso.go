// Package sso is the OpenID Connect client of the workspace's single sign-on:
// the authorization-code flow with PKCE, a state and a nonce, and the ID token
// verified with coreos/go-oidc (issuer, signature against the provider's JWKS,
// audience, expiry). It knows the protocol only; which account a verified
// identity opens is decided by internal/core.
//
// The provider is discovered on first use, not at start-up: an identity
// provider that is down when Guichet starts must not stop the workspace (local
// accounts still sign in), and the next sign-in retries.
package sso

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"
)

// Config is a client registered at one OpenID provider.
type Config struct {
	Issuer       string // the provider's issuer URL (discovery at Issuer/.well-known/openid-configuration)
	ClientID     string
	ClientSecret string
	RedirectURL  string   // Guichet's callback, as registered at the provider
	Scopes       []string // besides "openid"; default "email", "profile"
	// HTTPClient talks to the provider; nil: a client with a 10-second timeout.
	HTTPClient *http.Client
	// Now is the clock ID tokens' expiry is checked on; nil: time.Now.
	Now func() time.Time
}

// Reason says why a sign-in failed, for the page that explains it.
type Reason string

// The reasons of a failed flow.
const (
	Unavailable Reason = "unavailable" // the provider does not answer (discovery or token endpoint)
	BadState    Reason = "state"       // no flow under way in this browser, or not this one
	Denied      Reason = "denied"      // the provider sent back an error (the user refused, …)
	BadCode     Reason = "code"        // the provider refused the code (used, expired, wrong verifier)
	BadToken    Reason = "token"       // the ID token is missing, forged, expired, for another client, or not for this flow
)

// Error is a failed flow: its reason and the underlying cause (for the logs).
type Error struct {
	Reason Reason
	Err    error
}

func (e *Error) Error() string { return fmt.Sprintf("sso %s: %v", e.Reason, e.Err) }
func (e *Error) Unwrap() error { return e.Err }

func fail(r Reason, format string, args ...any) error {
	return &Error{Reason: r, Err: fmt.Errorf(format, args...)}
}

// ReasonOf returns the reason of a flow error, "" for other errors.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// Flow is one sign-in under way: the secrets the browser keeps (in a cookie)
// between leaving for the provider and coming back.
type Flow struct {
	State    string // echoed by the provider: ties the callback to this browser
	Nonce    string // put in the ID token by the provider: ties the token to this flow
	Verifier string // PKCE: proves the code is redeemed by whoever asked for it
}

// NewFlow draws a flow's secrets.
func NewFlow() Flow {
	return Flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier()}
}

// Encode is the flow as one cookie value; DecodeFlow reads it back.
func (f Flow) Encode() string { return f.State + "." + f.Nonce + "." + f.Verifier }

// DecodeFlow reads a cookie value written by Encode.
func DecodeFlow(s string) (Flow, bool) {
	parts := strings.Split(s, ".")
	if len(parts) != 3 || parts[0] == "" || parts[1] == "" || len(parts[2]) < 43 {
		return Flow{}, false
	}
	return Flow{State: parts[0], Nonce: parts[1], Verifier: parts[2]}, true
}

// Identity is what a verified ID token says about the person.
type Identity struct {
	// Issuer and Subject are the person's stable key (OpenID Connect Core
	// §5.7): the subject is unique and never reassigned within its issuer,
	// unlike the e-mail.
	Issuer        string
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	// Claims are all the token's claims, for a configured role claim.
	Claims map[string]any
}

// Client runs flows against one provider.
type Client struct {
	cfg Config

	mu       sync.Mutex
	provider *oidc.Provider // nil until discovered
}

// New returns a client; nothing is fetched yet.
func New(c Config) *Client {
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if len(c.Scopes) == 0 {
		c.Scopes = []string{"email", "profile"}
	}
	return &Client{cfg: c}
}

// discover returns the provider's metadata, fetching it the first time (and
// again after a failure).
func (c *Client) discover(ctx context.Context) (*oidc.Provider, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider != nil {
		return c.provider, nil
	}
	p, err := oidc.NewProvider(oidc.ClientContext(ctx, c.cfg.HTTPClient), c.cfg.Issuer)
	if err != nil {
		return nil, &Error{Reason: Unavailable, Err: fmt.Errorf("discovery of %s: %w", c.cfg.Issuer, err)}
	}
	c.provider = p
	return p, nil
}

func (c *Client) oauth(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret, Endpoint: p.Endpoint(),
		RedirectURL: c.cfg.RedirectURL, Scopes: append([]string{oidc.ScopeOpenID}, c.cfg.Scopes...)}
}

// AuthURL is where the browser goes to sign in at the provider for flow f.
func (c *Client) AuthURL(ctx context.Context, f Flow) (string, error) {
	p, err := c.discover(ctx)
	if err != nil {
		return "", err
	}
	return c.oauth(p).AuthCodeURL(f.State, oidc.Nonce(f.Nonce), oauth2.S256ChallengeOption(f.Verifier)), nil
}

// Callback is what the provider sent back to the redirect URL.
type Callback struct {
	State, Code             string
	Error, ErrorDescription string // set when the provider refused
}

// Finish checks the callback against the flow, redeems the code (with the PKCE
// verifier) and verifies the ID token: issuer, signature, audience, expiry and
// the flow's nonce.
func (c *Client) Finish(ctx context.Context, f Flow, cb Callback) (Identity, error) {
	if f.State == "" || cb.State != f.State {
		return Identity{}, fail(BadState, "state %q does not match the flow", cb.State)
	}
	if cb.Error != "" {
		return Identity{}, fail(Denied, "provider error %q: %s", cb.Error, cb.ErrorDescription)
	}
	if cb.Code == "" {
		return Identity{}, fail(BadCode, "no code in the callback")
	}
	p, err := c.discover(ctx)
	if err != nil {
		return Identity{}, err
	}
	hc := context.WithValue(ctx, oauth2.HTTPClient, c.cfg.HTTPClient)
	tok, err := c.oauth(p).Exchange(hc, cb.Code, oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return Identity{}, &Error{Reason: BadCode, Err: err}
		}
		return Identity{}, &Error{Reason: Unavailable, Err: err}
	}
	raw, _ := tok.Extra("id_token").(string)
	if raw == "" {
		return Identity{}, fail(BadToken, "no id_token in the token response")
	}
	return c.verify(oidc.ClientContext(ctx, c.cfg.HTTPClient), p, raw, f.Nonce)
}

// verify checks the ID token and reads its claims.
func (c *Client) verify(ctx context.Context, p *oidc.Provider, raw, nonce string) (Identity, error) {
	v := p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.cfg.Now})
	idt, err := v.Verify(ctx, raw)
	if err != nil {
		return Identity{}, &Error{Reason: BadToken, Err: err}
	}
	if idt.Nonce != nonce {
		return Identity{}, fail(BadToken, "nonce %q is not the flow's", idt.Nonce)
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return Identity{}, &Error{Reason: BadToken, Err: err}
	}
	id := Identity{Issuer: idt.Issuer, Subject: idt.Subject, Claims: claims}
	id.Email, _ = claims["email"].(string)
	id.Name, _ = claims["name"].(string)
	switch ev := claims["email_verified"].(type) { // some providers send "true" as a string
	case bool:
		id.EmailVerified = ev
	case string:
		id.EmailVerified = ev == "true"
	}
	return id, nil
}

// StringsClaim reads a claim that is a string or a list of strings (groups, roles).
func (id Identity) StringsClaim(name string) []string {
	switch v := id.Claims[name].(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, x := range v {
			if s, ok := x.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// random is 256 random bits, URL-safe and without dots (Flow.Encode's separator).
func random() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
