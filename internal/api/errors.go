package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/guichet/guichet/internal/errs"
)

// problemDoc is an RFC 9457 problem document, the body of every error response.
type problemDoc struct {
	Type      string            `json:"type"`
	Title     string            `json:"title"`
	Status    int               `json:"status"`
	Detail    string            `json:"detail"`
	Instance  string            `json:"instance"`
	RequestID string            `json:"request_id"`
	Errors    []errs.FieldError `json:"errors,omitempty"`
}

// kinds gives each error code its status and French title; the code itself ends the
// problem type. A code missing here is treated as an internal error.
var kinds = map[errs.Code]struct {
	status int
	title  string
}{
	errs.Invalid:      {http.StatusUnprocessableEntity, "Données invalides"},
	errs.NotFound:     {http.StatusNotFound, "Introuvable"},
	errs.Conflict:     {http.StatusConflict, "Conflit"},
	errs.Forbidden:    {http.StatusForbidden, "Action non autorisée"},
	errs.Unauthorized: {http.StatusUnauthorized, "Authentification requise"},
	errs.TooLarge:     {http.StatusRequestEntityTooLarge, "Requête trop volumineuse"},
	errs.RateLimited:  {http.StatusTooManyRequests, "Trop de requêtes"},
	errs.Internal:     {http.StatusInternalServerError, "Erreur interne"},
}

// httpError is an error the HTTP layer itself detects and that has no domain code:
// a body that is not JSON (400), a media type the API does not read (415), a method
// the route does not take (405).
type httpError struct {
	status int
	kind   string // the end of the problem type: "malformed", "unsupported_media_type"…
	title  string
	detail string
}

func (e *httpError) Error() string { return e.detail }

// malformed is the 400 of a body that cannot be read as the JSON expected.
func malformed(detail string) error {
	return &httpError{http.StatusBadRequest, "malformed", "Requête mal formée", detail}
}

// problem is the one place where an error becomes a response. Internal errors are
// logged here, once, with the request id, and shown only as a reference: their
// text may hold SQL, paths or personal data.
func (s *server) problem(w http.ResponseWriter, r *http.Request, err error) {
	p := problemDoc{Instance: r.URL.Path, RequestID: requestID(r.Context())}
	var he *httpError
	var ce *errs.Error
	switch {
	case errors.As(err, &he):
		p.Type, p.Status, p.Title, p.Detail = problemType(he.kind), he.status, he.title, he.detail
	case errors.As(err, &ce) && ce.Code != errs.Internal && kinds[ce.Code].status != 0:
		k := kinds[ce.Code]
		p.Type, p.Status, p.Title, p.Detail, p.Errors = problemType(string(ce.Code)), k.status, k.title, ce.Message, ce.Fields
	default:
		s.log.ErrorContext(r.Context(), "api: internal error", "request_id", p.RequestID,
			"method", r.Method, "path", r.URL.Path, "err", err)
		k := kinds[errs.Internal]
		p.Type, p.Status, p.Title = problemType(string(errs.Internal)), k.status, k.title
		p.Detail = "Une erreur interne est survenue. Si elle persiste, transmettez la référence " +
			p.RequestID + " à l'administrateur."
	}
	if p.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="guichet"`)
	}
	body, _ := json.Marshal(p) // strings and ints only: it cannot fail
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	w.Write(body)
}

// problemType names the kind of problem. The URNs are stable identifiers a client
// may switch on; they are not meant to be fetched (RFC 9457, 3.1.1).
func problemType(kind string) string { return "urn:guichet:problem:" + kind }
