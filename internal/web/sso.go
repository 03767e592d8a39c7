package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// ssoCookie keeps a single sign-on under way between leaving for the identity
// provider and coming back: the flow's state, nonce and PKCE verifier, the
// page's language and the page asked for. It is SameSite=Lax because the
// provider sends the browser back with a top-level GET from its own site.
const ssoCookie = "guichet_sso"

// ssoPath is the callback registered at the provider: GUICHET_BASE_URL + ssoPath.
const ssoPath = "/login/sso/retour"

// ssoFlowMaxAge is how long a browser may stay at the provider (its login form,
// a second factor) before the flow is forgotten.
const ssoFlowMaxAge = 10 * 60

// startSSO sends the browser to the identity provider, keeping the flow in a
// cookie. A provider that does not answer leaves the visitor on the sign-in
// page with the reason, and the password form still there.
func (s *server) startSSO(w http.ResponseWriter, r *http.Request, v *visit) error {
	q := r.URL.Query()
	if l := q.Get("lang"); l != "" {
		v.lang = parseLang(l)
	}
	next := safeNext(q.Get("next"))
	target, flow, err := s.core.StartSSO(r.Context())
	if err != nil {
		return s.ssoFailed(w, r, v, loginView{Next: next}, err)
	}
	val := url.Values{"f": {flow.Encode()}, "l": {string(v.lang)}, "n": {next}}
	s.setCookie(w, ssoCookie, val.Encode(), ssoPath, ssoFlowMaxAge, http.SameSiteLaxMode)
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// finishSSO is the provider's callback: core checks it against the flow this
// browser started, and opens the same session as a password sign-in.
func (s *server) finishSSO(w http.ResponseWriter, r *http.Request, v *visit) error {
	var flow core.SSOFlow
	form := loginView{}
	if c, err := r.Cookie(ssoCookie); err == nil {
		if saved, err := url.ParseQuery(c.Value); err == nil {
			flow, _ = core.DecodeSSOFlow(saved.Get("f"))
			v.lang, form.Next = parseLang(saved.Get("l")), safeNext(saved.Get("n"))
		}
	}
	s.setCookie(w, ssoCookie, "", ssoPath, -1, http.SameSiteLaxMode) // one use, whatever happens
	q := r.URL.Query()
	cb := core.SSOCallback{State: q.Get("state"), Code: q.Get("code"), Error: q.Get("error"),
		ErrorDescription: q.Get("error_description")}
	sess, err := s.core.FinishSSO(r.Context(), flow, cb, clientIP(r))
	if err != nil {
		return s.ssoFailed(w, r, v, form, err)
	}
	return s.openBrowserSession(w, r, v, sess, form.Next)
}

// ssoFailed shows the sign-in page with why single sign-on failed.
func (s *server) ssoFailed(w http.ResponseWriter, r *http.Request, v *visit, form loginView, err error) error {
	var refused *core.SSORefused
	var locked *core.LockedOut
	switch {
	case errors.As(err, &locked):
		form.Error = v.lang.T(plural(v.lang, "login.locked", locked.Minutes), locked.Minutes)
		return s.showLogin(w, r, v, http.StatusTooManyRequests, form)
	case errors.As(err, &refused):
		key := "sso." + string(refused.Reason)
		if form.Error = v.lang.T(key); form.Error == key {
			// A reason the catalogs do not have yet: core's own French message.
			var e *errs.Error
			if errors.As(err, &e) {
				form.Error = e.Message
			}
		}
		status := http.StatusUnauthorized
		if refused.Reason == "unavailable" {
			status = http.StatusBadGateway
		}
		return s.showLogin(w, r, v, status, form)
	}
	return err // not configured (404) or internal
}

// openBrowserSession gives the browser its new session (ending the one it had)
// and goes to the page first asked for, in the language chosen on the form.
func (s *server) openBrowserSession(w http.ResponseWriter, r *http.Request, v *visit, sess core.Session, next string) error {
	if v.lang != french {
		if err := s.core.SetSessionLang(r.Context(), sess.Token, string(v.lang)); err != nil {
			return err
		}
	}
	if v.signedIn {
		// The browser had a live session (another account, or the same): end it
		// rather than leave it open behind the new one.
		if err := s.core.SignOut(r.Context(), v.token); err != nil {
			return err
		}
	}
	s.setCookie(w, sessionCookie, sess.Token, "/", int(core.SessionMax.Seconds()), http.SameSiteLaxMode)
	s.setCookie(w, loginCookie, "", "/login", -1, http.SameSiteStrictMode)
	http.Redirect(w, r, orDefault(next, "/agent"), http.StatusSeeOther)
	return nil
}
