package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/live"
)

// liveEvents streams the live updates of the signed-in agent as server-sent
// events (GET /agent/events): "ticket" when a request changes (JSON
// {"id","number","team","kind"}), "call" for a screen pop addressed to the
// agent's queue or to the agent. A ticket page opens it with ?ticket=ID and
// also hears "presence" (live.PresenceData: a colleague typing in that
// request's reply or note box). A comment line every core.LiveHeartbeat keeps
// proxies from closing the stream. static/live.js and workspace.js listen to it.
func (s *server) liveEvents(w http.ResponseWriter, r *http.Request, v *visit) error {
	var sub *live.Subscription
	var err error
	if raw := r.URL.Query().Get("ticket"); raw != "" {
		id, perr := strconv.ParseInt(raw, 10, 64)
		if perr != nil || id <= 0 {
			return errs.E(errs.NotFound, "La demande « %s » n'existe pas.", raw)
		}
		sub, err = s.core.SubscribeTicketLive(r.Context(), v.actor, id)
	} else {
		sub, err = s.core.SubscribeLive(r.Context(), v.actor)
	}
	if err != nil {
		return err
	}
	defer sub.Close()
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: do not buffer the stream
	w.WriteHeader(http.StatusOK)
	// The browser reconnects by itself after 3 s when the stream breaks.
	if _, err := fmt.Fprint(w, "retry: 3000\n: connecté\n\n"); err != nil {
		return nil
	}
	rc.Flush()
	beat := time.NewTicker(core.LiveHeartbeat)
	defer beat.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return nil
		case <-sub.Done():
			return nil
		case e := <-sub.C:
			_, err = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Type, e.Data)
		case <-beat.C:
			_, err = fmt.Fprint(w, ": ping\n\n")
		}
		if err != nil || rc.Flush() != nil {
			return nil // the browser left; nothing to show it
		}
	}
}

// presence is the ticket page telling the colleagues on the same request that
// the agent is typing (POST /agent/tickets/{id}/presence, box=reply|note,
// state=typing|stopped, with the CSRF token). workspace.js posts it at most
// every 10 s while the agent types, and "stopped" when the box is emptied, sent
// or left. Nothing is stored; the answer is 204.
func (s *server) presence(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := ticketID(r)
	if err != nil {
		return err
	}
	var typing bool
	switch st := r.PostForm.Get("state"); st {
	case "typing":
		typing = true
	case "stopped":
	default:
		return errs.Field("state", "état de saisie inconnu « "+st+" » (typing ou stopped)")
	}
	if err := s.core.Presence(r.Context(), v.actor, id, r.PostForm.Get("box"), typing); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
