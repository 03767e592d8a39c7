package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/guichet/guichet/internal/core"
)

// liveEvents streams the live updates of the signed-in agent as server-sent
// events (GET /agent/events): "ticket" when a request changes (JSON
// {"id","number","team","kind"}), "call" for a screen pop addressed to the
// agent's queue or to the agent. A comment line every core.LiveHeartbeat keeps
// proxies from closing the stream. static/live.js listens to it.
func (s *server) liveEvents(w http.ResponseWriter, r *http.Request, v *visit) error {
	sub, err := s.core.SubscribeLive(r.Context(), v.actor)
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
