package web

import (
	"net/http"
	"strconv"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
)

// notificationsView is the list of SLA warnings and breaches the account
// sees: every request's for supervisors and admins, their own requests' for
// the others. Showing the first page marks them seen, which clears the badge.
type notificationsView struct {
	Items   []core.Notification
	Unseen  int
	NextURL string
}

// notifications lists the account's notifications, newest first.
func (s *server) notifications(w http.ResponseWriter, r *http.Request, v *visit) error {
	var before int64
	if raw := r.URL.Query().Get("before"); raw != "" {
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || n <= 0 {
			return errs.Field("before", "position de page illisible : repartez de la première page")
		}
		before = n
	}
	page, err := s.core.Notifications(r.Context(), v.actor, before)
	if err != nil {
		return err
	}
	view := &notificationsView{Items: page.Items, Unseen: page.Unseen}
	if page.Next != 0 {
		view.NextURL = "/agent/notifications?before=" + strconv.FormatInt(page.Next, 10)
	}
	return s.render(w, r, v, http.StatusOK, "notifications", v.lang.T("notifications.title"), view)
}

// alertBadge counts the account's unseen notifications for the layout's
// badge; a failure only hides the badge.
func (s *server) alertBadge(r *http.Request, v *visit) int {
	if !v.signedIn {
		return 0
	}
	n, err := s.core.NotificationBadge(r.Context(), v.actor)
	if err != nil {
		s.log.Warn("notification badge", "err", err)
		return 0
	}
	return n
}
