// Package ssotest is a small but real OpenID Connect provider for tests, served
// over HTTP by httptest: discovery, a JWKS with an ECDSA signing key, an
// authorization endpoint that signs in the person the test chose (no form),
// and a token endpoint that redeems each code once, checks the client's secret,
// the redirect URI and the PKCE verifier, and returns an ID token signed with
// go-jose. Tests can tamper with the ID token's claims to check that the client
// refuses what it must.
package ssotest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"time"

	"github.com/go-jose/go-jose/v4"
)

// ClientID and ClientSecret are the one client the provider knows.
const (
	ClientID     = "guichet"
	ClientSecret = "secret-de-test"
)

// User is the person the authorization endpoint signs in.
type User struct {
	Subject       string
	Email         string
	EmailVerified bool
	Name          string
	Extra         map[string]any // more claims (groups, roles…)
}

// Provider is a running provider.
type Provider struct {
	*httptest.Server
	key *ecdsa.PrivateKey

	mu     sync.Mutex
	user   User
	deny   bool
	tamper func(claims map[string]any)
	codes  map[string]*grant
	now    func() time.Time
	// Redeemed counts the codes redeemed successfully.
	redeemed int
}

// grant is an issued code and what it was issued for.
type grant struct {
	user                 User
	nonce, redirect      string
	challenge, challMeth string
	used                 bool
}

// Start runs a provider; now is the clock tokens are issued on (nil: time.Now).
// It stops with the test.
func Start(now func() time.Time) *Provider {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	if now == nil {
		now = time.Now
	}
	p := &Provider{key: key, codes: map[string]*grant{}, now: now}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /.well-known/openid-configuration", p.discovery)
	mux.HandleFunc("GET /keys", p.jwks)
	mux.HandleFunc("GET /authorize", p.authorize)
	mux.HandleFunc("POST /token", p.token)
	p.Server = httptest.NewServer(mux)
	return p
}

// SignIn sets the person the next authorizations sign in, and clears any
// tampering or refusal.
func (p *Provider) SignIn(u User) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.user, p.deny, p.tamper = u, false, nil
}

// Authorize does what a browser does with the authorization address a client
// sends it to: it gets it from the provider (which signs in the person chosen
// with SignIn, or refuses) and returns the state and code the provider sends
// back to the client's redirect address, without following that redirect.
func (p *Provider) Authorize(target string) (state, code string, err error) {
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(target)
	if err != nil {
		return "", "", err
	}
	resp.Body.Close()
	back, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		return "", "", err
	}
	return back.Query().Get("state"), back.Query().Get("code"), nil
}

// Deny makes the authorization endpoint answer access_denied.
func (p *Provider) Deny() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deny = true
}

// Tamper changes the claims of the ID tokens issued from now on.
func (p *Provider) Tamper(fn func(claims map[string]any)) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.tamper = fn
}

// Redeemed is the number of codes redeemed successfully.
func (p *Provider) Redeemed() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.redeemed
}

func (p *Provider) discovery(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{
		"issuer":                                p.URL,
		"authorization_endpoint":                p.URL + "/authorize",
		"token_endpoint":                        p.URL + "/token",
		"jwks_uri":                              p.URL + "/keys",
		"response_types_supported":              []string{"code"},
		"subject_types_supported":               []string{"public"},
		"id_token_signing_alg_values_supported": []string{"ES256"},
		"code_challenge_methods_supported":      []string{"S256"},
	})
}

func (p *Provider) jwks(w http.ResponseWriter, r *http.Request) {
	set := jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &p.key.PublicKey, KeyID: "k1", Algorithm: "ES256", Use: "sig"}}}
	writeJSON(w, http.StatusOK, set)
}

// authorize signs the chosen person in at once and sends the browser back with
// a code, as a provider does after its own login form.
func (p *Provider) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	back, err := url.Parse(q.Get("redirect_uri"))
	if err != nil || q.Get("client_id") != ClientID || q.Get("response_type") != "code" {
		http.Error(w, "bad authorization request", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	out := url.Values{"state": {q.Get("state")}}
	if p.deny {
		out.Set("error", "access_denied")
	} else {
		code := randomString()
		p.codes[code] = &grant{user: p.user, nonce: q.Get("nonce"), redirect: q.Get("redirect_uri"),
			challenge: q.Get("code_challenge"), challMeth: q.Get("code_challenge_method")}
		out.Set("code", code)
	}
	back.RawQuery = out.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}

// token redeems a code, once.
func (p *Provider) token(w http.ResponseWriter, r *http.Request) {
	id, secret, ok := r.BasicAuth()
	if !ok {
		id, secret = r.PostFormValue("client_id"), r.PostFormValue("client_secret")
	}
	if id != ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(ClientSecret)) != 1 {
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "invalid_client"})
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	g := p.codes[r.PostFormValue("code")]
	if g == nil || g.used || g.redirect != r.PostFormValue("redirect_uri") || !pkceOK(g, r.PostFormValue("code_verifier")) {
		if g != nil {
			g.used = true // a replayed code burns the grant, as RFC 6749 §4.1.2 advises
		}
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "invalid_grant"})
		return
	}
	g.used = true
	idToken, err := p.sign(g)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "server_error"})
		return
	}
	p.redeemed++
	writeJSON(w, http.StatusOK, map[string]any{"access_token": randomString(), "token_type": "Bearer",
		"expires_in": 300, "id_token": idToken})
}

func pkceOK(g *grant, verifier string) bool {
	if g.challMeth != "S256" || verifier == "" {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	return base64.RawURLEncoding.EncodeToString(sum[:]) == g.challenge
}

// sign issues the ID token of a grant (the caller holds p.mu).
func (p *Provider) sign(g *grant) (string, error) {
	now := p.now()
	claims := map[string]any{"iss": p.URL, "sub": g.user.Subject, "aud": ClientID, "iat": now.Unix(),
		"exp": now.Add(5 * time.Minute).Unix(), "nonce": g.nonce, "email": g.user.Email,
		"email_verified": g.user.EmailVerified, "name": g.user.Name}
	for k, v := range g.user.Extra {
		claims[k] = v
	}
	if p.tamper != nil {
		p.tamper(claims)
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: jose.JSONWebKey{Key: p.key, KeyID: "k1"}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		return "", err
	}
	obj, err := signer.Sign(payload)
	if err != nil {
		return "", err
	}
	return obj.CompactSerialize()
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

func randomString() string {
	b := make([]byte, 24)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
