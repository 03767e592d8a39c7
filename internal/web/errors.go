package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/guichet/guichet/internal/errs"
)

// pageError is an error the web layer itself detects, with no domain code: a
// forged form, a dead session, a method the path does not take. Its text is a
// message key, shown in the page's language.
type pageError struct {
	status int
	key    string
}

func (e *pageError) Error() string { return e.key }

var (
	errForged  = &pageError{http.StatusForbidden, "error.forged"}
	errExpired = &pageError{http.StatusUnauthorized, "error.expired"}
	errMethod  = &pageError{http.StatusMethodNotAllowed, "error.method"}
)

// statuses gives each domain error code its status; a code missing here is
// treated as an internal error.
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
	Title   string
	Message string
	Fields  []errs.FieldError
	Ref     string // the request id, shown for internal errors
}

// fail is the one place where an error becomes a page. A dead session goes back
// to the sign-in page. Domain errors show their message, written for users.
// Internal errors are logged here, once, with the request id, and shown only as
// that reference: their text may hold SQL, paths or personal data.
func (s *server) fail(w http.ResponseWriter, r *http.Request, v *visit, err error) {
	var pe *pageError
	var ce *errs.Error
	view := errorView{}
	switch {
	case errors.As(err, &pe) && pe.status == http.StatusUnauthorized, errs.Is(err, errs.Unauthorized):
		s.toSignIn(w, r, pe != nil)
		return
	case errors.As(err, &pe):
		view.Status, view.Message = pe.status, v.lang.T(pe.key)
	case errors.As(err, &ce) && statuses[ce.Code] != 0:
		view.Status, view.Message, view.Fields = statuses[ce.Code], ce.Message, ce.Fields
		if ce.Code == errs.Forbidden {
			s.log.WarnContext(r.Context(), "web: action refused", "request_id", v.requestID, "user", v.actor.UserID,
				"method", r.Method, "path", r.URL.Path)
		}
	default:
		s.log.ErrorContext(r.Context(), "web: internal error", "request_id", v.requestID, "method", r.Method,
			"path", r.URL.Path, "err", err)
		view.Status, view.Ref = http.StatusInternalServerError, v.requestID
		view.Message = v.lang.T("error.internal", v.requestID)
	}
	view.Title = v.lang.T("error.status." + strconv.Itoa(view.Status))
	if err := s.render(w, r, v, view.Status, "error", view.Title, view); err != nil {
		s.log.ErrorContext(r.Context(), "web: error page failed", "request_id", v.requestID, "err", err)
		http.Error(w, view.Title, view.Status)
	}
}

// toSignIn sends a visitor without a live session to the sign-in page, which
// brings them back to the page they asked for (a GET) once signed in.
func (s *server) toSignIn(w http.ResponseWriter, r *http.Request, expired bool) {
	q := url.Values{}
	if r.Method == http.MethodGet && safeNext(r.URL.RequestURI()) != "" {
		q.Set("next", r.URL.RequestURI())
	}
	if expired {
		q.Set("expired", "1")
		s.clearSessionCookie(w)
	}
	target := "/login"
	if len(q) > 0 {
		target += "?" + q.Encode()
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}
