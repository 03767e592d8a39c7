package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
)

type ctxKey int

const (
	requestIDKey ctxKey = iota
	actorKey
)

// withRequestID gives every request an id, echoed in X-Request-Id and in problem
// documents, so that a user quoting it leads an operator to the log line. An id
// set by a proxy in front is kept when it looks like one.
func (s *server) withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !plausibleID(id) {
			b := make([]byte, 8)
			rand.Read(b)
			id = hex.EncodeToString(b)
		}
		w.Header().Set("X-Request-Id", id)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestIDKey, id)))
	})
}

// plausibleID accepts short ids of URL-safe characters: anything else could
// forge log lines.
func plausibleID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	return strings.IndexFunc(id, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.", r))
	}) < 0
}

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// authenticate resolves the bearer token into the actor that the handlers pass to
// core. The scheme name is case-insensitive (RFC 9110, 11.1).
func (s *server) authenticate(r *http.Request) (*http.Request, error) {
	scheme, token, _ := strings.Cut(strings.TrimSpace(r.Header.Get("Authorization")), " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		return r, errs.E(errs.Unauthorized, "Authentification requise : envoyez l'en-tête « Authorization: Bearer JETON ».")
	}
	actor, err := s.core.Authenticate(r.Context(), token)
	if err != nil {
		return r, err
	}
	return r.WithContext(context.WithValue(r.Context(), actorKey, actor)), nil
}

// actorOf returns the authenticated actor; routes marked bearer always have one.
func actorOf(r *http.Request) access.Actor {
	a, _ := r.Context().Value(actorKey).(access.Actor)
	return a
}

// recoverPanics turns a panic in a handler into a logged internal error, so that
// the client gets a problem document and a reference rather than a cut connection.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the documented way to abort a response: let net/http do it
			}
			s.problem(w, r, fmt.Errorf("api: panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// problemsForUnrouted answers the paths and methods the table does not serve with
// problem documents, as everything else under /api/v1/, instead of the mux's plain
// text; the 405 keeps the Allow header the mux computed.
func (s *server) problemsForUnrouted(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h, pattern := mux.Handler(r)
		if pattern != "" {
			mux.ServeHTTP(w, r) // ServeHTTP, not h: it sets the path values
			return
		}
		probe := &statusProbe{header: http.Header{}}
		h.ServeHTTP(probe, r)
		allow := probe.header.Get("Allow")
		if allow != "" {
			w.Header().Set("Allow", allow)
		}
		switch probe.status {
		case http.StatusMethodNotAllowed:
			s.problem(w, r, &httpError{http.StatusMethodNotAllowed, "method_not_allowed", "Méthode non permise",
				fmt.Sprintf("La méthode %s n'est pas permise sur %s (permises : %s).", r.Method, r.URL.Path, allow)})
		default:
			s.problem(w, r, errs.E(errs.NotFound, "Aucune ressource de l'API à l'adresse %s.", r.URL.Path))
		}
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
