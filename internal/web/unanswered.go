package web

import (
	"net/http"
	"net/url"

	"github.com/guichet/guichet/internal/ticket"
)

// unansweredView is the supervisors' "no request unanswered" screen: every
// request past a response due time without that response. Its goal is to be
// empty.
type unansweredView struct {
	*labels
	Items   []*ticket.Ticket
	NextURL string
}

// unanswered lists the requests past a response due time, oldest due first.
func (s *server) unanswered(w http.ResponseWriter, r *http.Request, v *visit) error {
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	var after *ticket.Cursor
	if raw := r.URL.Query().Get("after"); raw != "" {
		if after, err = readCursor(raw); err != nil {
			return err
		}
	}
	page, err := s.core.Unanswered(r.Context(), v.actor, after, pageSize)
	if err != nil {
		return err
	}
	view := &unansweredView{labels: lb, Items: page.Items}
	if page.Next != nil {
		view.NextURL = "/agent/sans-reponse?" + url.Values{"after": {writeCursor(page.Next)}}.Encode()
	}
	return s.render(w, r, v, http.StatusOK, "unanswered", v.lang.T("unanswered.title"), view)
}
