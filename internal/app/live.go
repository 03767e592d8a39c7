package app

import (
	"log/slog"

	"github.com/guichet/guichet/internal/live"
	"github.com/guichet/guichet/internal/store"
)

// newBroker builds the live-update broker: in memory on SQLite (one instance),
// linked to the other instances through LISTEN/NOTIFY on PostgreSQL. The link
// runs as the core job "live" under `guichet serve`.
func newBroker(s *store.Store, log *slog.Logger) *live.Broker {
	o := live.Options{Logger: log}
	if s.Dialect() == store.Postgres {
		o.Transport = s
	}
	return live.New(o)
}
