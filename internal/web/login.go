package web

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// loginCookie carries the sign-in form's anti-forgery token before any session
// exists (a double-submit token): it stops another site from signing a browser
// in to an account of the attacker's.
const loginCookie = "guichet_login"

// loginView is the sign-in form.
type loginView struct {
	Email  string
	Next   string
	Token  string // the form's anti-forgery token
	Error  string
	Notice string
	// SSOName is the identity provider of the single sign-on button, "" when
	// single sign-on is off (sso.go).
	SSOName string
}

// loginPage shows the sign-in form, in the language asked by ?lang= or the
// browser; a signed-in agent goes straight to the inbox.
func (s *server) loginPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	if v.signedIn {
		http.Redirect(w, r, "/agent", http.StatusSeeOther)
		return nil
	}
	q := r.URL.Query()
	if l := q.Get("lang"); l != "" {
		v.lang = parseLang(l)
	}
	form := loginView{Next: safeNext(q.Get("next"))}
	switch {
	case q.Get("expired") != "":
		form.Notice = v.lang.T("login.expired")
	case q.Get("bye") != "":
		form.Notice = v.lang.T("login.bye")
	}
	return s.showLogin(w, r, v, http.StatusOK, form)
}

// signIn checks the form's token and the password, opens the session and goes
// to the page the agent first asked for.
func (s *server) signIn(w http.ResponseWriter, r *http.Request, v *visit) error {
	v.lang = parseLang(r.PostForm.Get("lang"))
	form := loginView{Email: strings.TrimSpace(r.PostForm.Get("email")), Next: safeNext(r.PostForm.Get("next"))}
	if c, err := r.Cookie(loginCookie); err != nil || !validCSRF(r.PostForm.Get("csrf"), c.Value) {
		form.Error = v.lang.T("login.stale")
		return s.showLogin(w, r, v, http.StatusForbidden, form)
	}
	sess, err := s.core.SignIn(r.Context(), form.Email, r.PostForm.Get("password"), clientIP(r))
	var locked *core.LockedOut
	switch {
	case errors.As(err, &locked):
		form.Error = v.lang.T(plural(v.lang, "login.locked", locked.Minutes), locked.Minutes)
		return s.showLogin(w, r, v, http.StatusTooManyRequests, form)
	case errs.Is(err, errs.Unauthorized):
		form.Error = v.lang.T("login.refused")
		return s.showLogin(w, r, v, http.StatusUnauthorized, form)
	case err != nil:
		return err
	}
	return s.openBrowserSession(w, r, v, sess, form.Next) // sso.go
}

// showLogin renders the form with its anti-forgery token: the browser's, when
// it has one (two sign-in tabs must both work), a new one otherwise.
func (s *server) showLogin(w http.ResponseWriter, r *http.Request, v *visit, status int, form loginView) error {
	form.Token, form.SSOName = randomToken(), s.core.SSOName()
	if c, err := r.Cookie(loginCookie); err == nil && len(c.Value) == len(form.Token) {
		form.Token = c.Value
	}
	s.setCookie(w, loginCookie, form.Token, "/login", 3600, http.SameSiteStrictMode)
	return s.render(w, r, v, status, "login", v.lang.T("login.title"), form)
}

// signOut ends the session and says so on the sign-in page.
func (s *server) signOut(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := s.core.SignOut(r.Context(), v.token); err != nil {
		return err
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/login?bye=1&lang="+string(v.lang), http.StatusSeeOther)
	return nil
}

// setLang switches the session's language and comes back to the page.
func (s *server) setLang(w http.ResponseWriter, r *http.Request, v *visit) error {
	if err := s.core.SetSessionLang(r.Context(), v.token, r.PostForm.Get("lang")); err != nil {
		return err
	}
	http.Redirect(w, r, orDefault(safeNext(r.PostForm.Get("back")), "/agent"), http.StatusSeeOther)
	return nil
}

// setCookie sets an HttpOnly cookie, Secure when the site is served over https;
// a negative maxAge deletes it.
func (s *server) setCookie(w http.ResponseWriter, name, value, path string, maxAge int, site http.SameSite) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: path, MaxAge: maxAge, HttpOnly: true,
		Secure: s.secure, SameSite: site})
}

func (s *server) clearSessionCookie(w http.ResponseWriter) {
	s.setCookie(w, sessionCookie, "", "/", -1, http.SameSiteLaxMode)
}

// safeNext keeps a return address only when it is a page of the workspace on
// this site: anything else would make the sign-in form an open redirect.
func safeNext(next string) string {
	if next == "" || strings.ContainsAny(next, "\\\r\n\t") || strings.HasPrefix(next, "//") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return ""
	}
	if u.Path != "/agent" && !strings.HasPrefix(u.Path, "/agent/") {
		return ""
	}
	return u.RequestURI()
}

func orDefault(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// randomToken is 256 random bits, URL-safe.
func randomToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
