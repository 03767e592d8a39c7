package web

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net"
	"net/http"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// sessionCookie holds a session's token; the server keeps only its hash.
const sessionCookie = "guichet_session"

// visit is what the endpoint learned about a request before its handler runs.
type visit struct {
	actor     access.Actor
	session   core.Session
	token     string // the session cookie's value
	signedIn  bool
	lang      lang
	requestID string
}

// endpoint runs a route: the visitor's session, the route's permission, the
// CSRF check of a post, then the handler; the first error becomes the page.
func (s *server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := s.anonymous(r)
		err := func() error {
			if rt.need.session {
				if err := s.loadSession(r, v); err != nil && rt.need.signedIn {
					return err
				}
			}
			if err := s.guard(r, v, rt.need); err != nil {
				return err
			}
			if r.Method == http.MethodPost {
				r.Body = http.MaxBytesReader(w, r.Body, s.maxForm)
				if err := r.ParseForm(); err != nil {
					return errs.E(errs.TooLarge, "Formulaire trop volumineux ou illisible.")
				}
				if rt.need.signedIn && !validCSRF(r.PostForm.Get("csrf"), v.session.CSRF) {
					return errForged
				}
			}
			return rt.handle(w, r, v)
		}()
		if err != nil {
			s.fail(w, r, v, err)
		}
	})
}

// anonymous is the visit before anything is known of the visitor: the language
// the browser asks for, and the request id (set by the app's middleware, or made
// here when the handler runs alone, as in tests).
func (s *server) anonymous(r *http.Request) *visit {
	id := r.Header.Get("X-Request-ID")
	if id == "" || len(id) > 64 {
		b := make([]byte, 8)
		rand.Read(b)
		id = hex.EncodeToString(b)
	}
	return &visit{lang: negotiate(r.Header.Get("Accept-Language")), requestID: id}
}

// visitor is the visit of a request no route serves: signed in when its
// session is alive, so that its error page speaks the agent's language.
func (s *server) visitor(r *http.Request) *visit {
	v := s.anonymous(r)
	s.loadSession(r, v) // a visitor without a session is anonymous: nothing to report
	return v
}

// loadSession finds the session of the request's cookie. No cookie, or a dead
// session, is an unauthorized error (which the guard of a public route ignores).
func (s *server) loadSession(r *http.Request, v *visit) error {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return errs.E(errs.Unauthorized, "Connectez-vous pour continuer.")
	}
	actor, sess, err := s.core.SessionActor(r.Context(), c.Value)
	if err != nil {
		if errs.Is(err, errs.Unauthorized) {
			return errExpired
		}
		return err
	}
	v.actor, v.session, v.token, v.signedIn = actor, sess, c.Value, true
	v.lang = parseLang(sess.Lang)
	return nil
}

// guard checks a route's permission on the role. Per-ticket routes are left to
// core, which knows the ticket's team and audits a refusal.
func (s *server) guard(r *http.Request, v *visit, n need) error {
	if n.action == "" || n.perTicket {
		return nil
	}
	// A specialist's grants are on its own team: asking there tells whether the
	// role has the action at all.
	return v.actor.Check(n.action, v.actor.TeamID)
}

// validCSRF compares a form's token with the session's, in constant time.
func validCSRF(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// clientIP is the address the request came from, for the sign-in logs. A proxy's
// X-Forwarded-For is not trusted: anyone can write it.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// contentSecurityPolicy allows only the workspace's own styles, scripts and
// images, no inline script, no framing, and forms posting only here.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// securityHeaders sets the headers every response of the workspace carries.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			h.Set("Cache-Control", "no-store") // pages hold personal data
		}
		next.ServeHTTP(w, r)
	})
}

// unrouted answers the paths and methods the table does not serve with the
// workspace's own error page instead of the mux's plain text.
func (s *server) unrouted(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, pattern := mux.Handler(r); pattern != "" {
			mux.ServeHTTP(w, r)
			return
		}
		probe := &statusProbe{header: http.Header{}}
		h, _ := mux.Handler(r)
		h.ServeHTTP(probe, r)
		v := s.visitor(r)
		if probe.status == http.StatusMethodNotAllowed {
			w.Header().Set("Allow", probe.header.Get("Allow"))
			s.fail(w, r, v, errMethod)
			return
		}
		s.fail(w, r, v, errs.E(errs.NotFound, "Aucune page à l'adresse %s.", r.URL.Path))
	})
}

// statusProbe records what the mux's own error handler would answer.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
