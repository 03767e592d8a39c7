// Package faq is the public FAQ: the knowledge base's published public articles
// by topic, a search box, each article with its date and legal basis, the
// glossary of procurement acronyms, the "was this helpful?" vote, and the
// suggestions fragment the public question form shows as a company types.
//
// Like the other entry points it calls internal/core and never the store.
package faq

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"github.com/guichet/guichet/internal/assets"
	"log/slog"
	"net/http"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// Options are the FAQ's dependencies.
type Options struct {
	Core   *core.Service
	Logger *slog.Logger
	// Secure marks the visitor cookie Secure (the site is served over HTTPS).
	Secure bool
}

type server struct {
	core   *core.Service
	log    *slog.Logger
	secure bool
	pages  assets.Pages
	assets assets.Set
}

// New builds the FAQ's handler; mount it on /faq and /faq/.
func New(o Options) http.Handler {
	s := &server{core: o.Core, log: o.Logger, secure: o.Secure, pages: mustParsePages(),
		assets: assets.MustLoad(staticFS, "static")}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	mux := http.NewServeMux()
	for _, rt := range s.table() {
		mux.Handle(rt.pattern, s.endpoint(rt.handle))
	}
	// Votes are the only POST: Go's cross-origin protection refuses one sent
	// from another site (no session, so no CSRF token to check).
	return securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

// handlerFunc is a handler that leaves error pages to fail.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *server) endpoint(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// fail shows an error page: the message of a coded error, a plain one with the
// request reference otherwise (the cause is logged, never shown).
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "Une erreur est survenue. Réessayez dans un instant."
	var e *errs.Error
	switch {
	case errs.Is(err, errs.NotFound):
		status, msg = http.StatusNotFound, "Cette page n'existe pas (ou plus)."
	case errors.As(err, &e) && e.Code == errs.Invalid:
		status, msg = http.StatusUnprocessableEntity, e.Error()
	default:
		s.log.Error("faq: internal error", "err", err, "path", r.URL.Path, "request_id", r.Header.Get("X-Request-ID"))
	}
	data := struct {
		Message, Ref string
	}{msg, r.Header.Get("X-Request-ID")}
	if rerr := s.render(w, status, "error", "Erreur", data); rerr != nil {
		http.Error(w, msg, status)
	}
}

// securityHeaders forbids framing and inline script; the pages need none.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' https:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// visitorCookie identifies a browser for votes and suggestion statistics; it
// holds a random id and nothing personal.
const visitorCookie = "guichet_faq"

// visitor returns the visitor's key (a hash of the cookie), setting the cookie
// on the first visit.
func (s *server) visitor(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(visitorCookie)
	id := ""
	if err == nil && len(c.Value) == 32 {
		id = c.Value
	} else {
		b := make([]byte, 16)
		rand.Read(b)
		id = hex.EncodeToString(b)
		http.SetCookie(w, &http.Cookie{Name: visitorCookie, Value: id, Path: "/", MaxAge: 180 * 24 * 3600,
			HttpOnly: true, Secure: s.secure, SameSite: http.SameSiteLaxMode})
	}
	sum := sha256.Sum256([]byte(id))
	return hex.EncodeToString(sum[:16])
}

// VisitorKey is the key the FAQ records suggestions under for the visitor of r
// ("" without the cookie): the public question form passes it to
// core.Service.SuggestionsFollowed when the company sends its question anyway.
func VisitorKey(r *http.Request) string {
	c, err := r.Cookie(visitorCookie)
	if err != nil || len(c.Value) != 32 {
		return ""
	}
	sum := sha256.Sum256([]byte(c.Value))
	return hex.EncodeToString(sum[:16])
}
