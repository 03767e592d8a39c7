package portal

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// cookieName holds a portal session's token; the server keeps only its hash.
// It is scoped to /suivi and never sent to the agents' workspace.
const cookieName = "guichet_suivi"

// maxFormBytes bounds a form without files (the sign-in forms, a close).
const maxFormBytes = 64 << 10

// visit is what the endpoint learned about a request before its handler runs.
type visit struct {
	session   core.PortalSession
	signedIn  bool
	requestID string
}

// endpoint runs a route: the visitor's portal session, the CSRF check of a
// contact's post (a multipart post is checked by readUpload before any file
// is stored), then the handler; the first error becomes the page.
func (s *server) endpoint(rt route) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &visit{requestID: requestID(r)}
		err := func() error {
			if !strings.HasPrefix(r.URL.Path, "/portail/static/") {
				if err := s.loadSession(r, v); err != nil && rt.need == contact {
					return err
				}
			}
			if r.Method == http.MethodPost && !isMultipart(r) {
				r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
				if err := r.ParseForm(); err != nil {
					return errs.E(errs.TooLarge, "Formulaire trop volumineux ou illisible.")
				}
				if rt.need == contact && !validCSRF(r.PostForm.Get("csrf"), v.session.CSRF) {
					return errForged
				}
			}
			return rt.handle(w, r, v)
		}()
		if err != nil {
			s.fail(w, r, err)
		}
	})
}

// loadSession finds the portal session of the request's cookie.
func (s *server) loadSession(r *http.Request, v *visit) error {
	c, err := r.Cookie(cookieName)
	if err != nil || c.Value == "" {
		return errs.E(errs.Unauthorized, "Connectez-vous pour suivre vos demandes.")
	}
	ps, err := s.core.PortalSessionFor(r.Context(), c.Value)
	if err != nil {
		return err
	}
	v.session, v.signedIn = ps, true
	return nil
}

func (s *server) setSessionCookie(w http.ResponseWriter, ps core.PortalSession) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: ps.Token, Path: "/suivi", HttpOnly: true,
		Secure: s.secure, SameSite: http.SameSiteLaxMode, MaxAge: int(core.PortalSessionMax.Seconds())})
}

func (s *server) clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/suivi", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

// validCSRF compares a form's token with the session's, in constant time.
func validCSRF(got, want string) bool {
	return want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// clientIP is the address the request came from, for the rate limits. Behind
// a reverse proxy listed in Options.TrustedProxies it is the last address of
// X-Forwarded-For that is not one of those proxies; otherwise the header is
// ignored, since anyone can write it.
func (s *server) clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if net.ParseIP(hop) == nil {
			break
		}
		if !s.trusted(hop) {
			return hop
		}
	}
	return host
}

// trusted reports whether ip is one of the configured reverse proxies.
func (s *server) trusted(ip string) bool {
	addr := net.ParseIP(ip)
	for _, n := range s.proxies {
		if addr != nil && n.Contains(addr) {
			return true
		}
	}
	return false
}

func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); id != "" && len(id) <= 64 {
		return id
	}
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// pageError is an error the portal itself detects, with no domain code.
type pageError struct {
	status int
	msg    string
}

func (e *pageError) Error() string { return e.msg }

var errForged = &pageError{http.StatusForbidden,
	"Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez."}

// statuses gives each domain error code its status.
var statuses = map[errs.Code]int{
	errs.Invalid:      http.StatusUnprocessableEntity,
	errs.NotFound:     http.StatusNotFound,
	errs.Conflict:     http.StatusConflict,
	errs.Forbidden:    http.StatusForbidden,
	errs.Unauthorized: http.StatusUnauthorized,
	errs.TooLarge:     http.StatusRequestEntityTooLarge,
	errs.RateLimited:  http.StatusTooManyRequests,
}

// errorView is what the error page shows.
type errorView struct {
	Status  int
	Message string
	Fields  []errs.FieldError
	Ref     string
	SignIn  bool // offer the sign-in form (an ended session)
}

// fail is the one place where an error becomes a page. Internal errors are
// logged once with the request id and shown only as that reference.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var pe *pageError
	var ce *errs.Error
	id := requestID(r)
	view := errorView{}
	switch {
	case errors.As(err, &pe):
		view.Status, view.Message = pe.status, pe.msg
	case errors.As(err, &ce) && statuses[ce.Code] != 0:
		view.Status, view.Message, view.Fields = statuses[ce.Code], ce.Message, ce.Fields
		if ce.Code == errs.Unauthorized {
			s.clearSessionCookie(w)
			view.SignIn = true
			if r.Method == http.MethodGet && r.URL.Path != "/suivi" {
				http.Redirect(w, r, "/suivi?expire=1", http.StatusSeeOther)
				return
			}
		}
	default:
		s.log.ErrorContext(r.Context(), "portal: internal error", "request_id", id, "method", r.Method,
			"path", r.URL.Path, "err", err)
		view.Status, view.Ref = http.StatusInternalServerError, id
		view.Message = "Une erreur interne nous empêche de répondre. Réessayez dans un moment ; si elle persiste, " +
			"appelez la cellule en donnant la référence " + id + "."
	}
	title := titles[view.Status]
	if title == "" {
		title = "Erreur " + strconv.Itoa(view.Status)
	}
	if err := s.render(w, view.Status, "error", title, nil, view); err != nil {
		http.Error(w, title, view.Status)
	}
}

var titles = map[int]string{
	400: "Demande incorrecte", 401: "Connexion nécessaire", 403: "Action refusée", 404: "Page introuvable",
	409: "Action impossible", 413: "Envoi trop volumineux", 422: "Données incorrectes", 429: "Trop de demandes",
	500: "Erreur interne",
}
