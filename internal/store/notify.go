package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// AfterCommit runs fn once the transaction tx is committed, and never if it is
// rolled back (on SQLite, when its own savepoint is rolled back inside a group
// commit). It is how a use case announces a change live only when the change is
// kept. fn runs on the writer's goroutine: it must not block.
func (t *Tx) AfterCommit(fn func()) { t.onCommit = append(t.onCommit, fn) }

// committed runs the functions AfterCommit registered.
func (t *Tx) committed() {
	for _, fn := range t.onCommit {
		fn()
	}
	t.onCommit = nil
}

// liveChannel is the PostgreSQL notification channel of the live updates. It
// carries the schema's name so that installations (or tests) sharing one database
// in separate schemas never hear each other.
const liveChannel = `'guichet_live_' || current_schema()`

// Notify sends payload to every instance listening on this database
// (PostgreSQL NOTIFY; at most 8,000 bytes). On SQLite, which serves a single
// instance, it does nothing.
func (s *Store) Notify(ctx context.Context, payload string) error {
	if s.dialect != Postgres {
		return nil
	}
	_, err := s.write.ExecContext(ctx, "SELECT pg_notify("+liveChannel+", $1)", payload)
	if err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}

// Listen receives what Notify sends until ctx ends, on a connection of its own:
// listening is called once the LISTEN is in place, receive for each payload (in
// order, one at a time). On SQLite it only waits for ctx. The connection is
// closed afterwards, never handed back to the pool still listening.
func (s *Store) Listen(ctx context.Context, listening func(), receive func(payload string)) error {
	if s.dialect != Postgres {
		listening()
		<-ctx.Done()
		return nil
	}
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	defer conn.Close()
	var loopErr error
	conn.Raw(func(dc any) error {
		loopErr = listenOn(ctx, dc.(*stdlib.Conn).Conn(), listening, receive)
		return driver.ErrBadConn // discard the connection: it still listens
	})
	if ctx.Err() != nil {
		return nil
	}
	return loopErr
}

func listenOn(ctx context.Context, pc *pgx.Conn, listening func(), receive func(string)) error {
	var channel string
	if err := pc.QueryRow(ctx, "SELECT "+liveChannel).Scan(&channel); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	if _, err := pc.Exec(ctx, "LISTEN "+pgx.Identifier{channel}.Sanitize()); err != nil {
		return fmt.Errorf("store: listen: %w", err)
	}
	listening()
	for {
		n, err := pc.WaitForNotification(ctx)
		if err != nil {
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				return nil
			}
			return fmt.Errorf("store: listen: %w", err)
		}
		receive(n.Payload)
	}
}
