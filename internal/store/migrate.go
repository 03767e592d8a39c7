package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"time"
)

//go:embed migrations
var migrations embed.FS

// Migration names one schema change, the same name in both dialects.
type Migration struct {
	Name      string
	AppliedAt time.Time // zero when pending
}

// migrationNames lists the files of the dialect's folder, in order.
func (d Dialect) migrationNames() ([]string, error) {
	entries, err := fs.ReadDir(migrations, path.Join("migrations", string(d)))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names, nil
}

const createMigrationsTable = `CREATE TABLE IF NOT EXISTS schema_migrations (
	name TEXT PRIMARY KEY,
	applied_at BIGINT NOT NULL
)`

// Migrations lists every migration with the time it was applied.
func (s *Store) Migrations(ctx context.Context) ([]Migration, error) {
	if _, err := s.write.ExecContext(ctx, createMigrationsTable); err != nil {
		return nil, fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := s.dialect.migrationNames()
	if err != nil {
		return nil, err
	}
	applied := map[string]time.Time{}
	rows, err := s.write.QueryContext(ctx, "SELECT name, applied_at FROM schema_migrations")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var at time.Time
		if err := rows.Scan(&name, nullTime{&at}); err != nil {
			return nil, err
		}
		applied[name] = at
	}
	var out []Migration
	for _, n := range names {
		out = append(out, Migration{Name: n, AppliedAt: applied[n]})
	}
	return out, rows.Err()
}

// Migrate applies the pending migrations, each in its own transaction with its
// bookkeeping row, so that a failed migration leaves the schema as it was.
// On PostgreSQL an advisory lock keeps two instances starting together from racing.
func (s *Store) Migrate(ctx context.Context) error {
	all, err := s.Migrations(ctx)
	if err != nil {
		return err
	}
	for _, m := range all {
		if !m.AppliedAt.IsZero() {
			continue
		}
		if err := s.apply(ctx, m.Name); err != nil {
			return fmt.Errorf("store: migration %s: %w", m.Name, err)
		}
		s.log.Info("migration applied", "name", m.Name, "dialect", s.dialect)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, name string) error {
	body, err := migrations.ReadFile(path.Join("migrations", string(s.dialect), name))
	if err != nil {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect == Postgres {
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7262022)"); err != nil {
			return err
		}
		var done int
		tx.QueryRowContext(ctx, "SELECT count(*) FROM schema_migrations WHERE name = $1", name).Scan(&done)
		if done > 0 {
			return nil // another instance applied it while we waited for the lock
		}
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, s.dialect.rebind("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)"),
		name, time.Now().UnixMicro()); err != nil {
		return err
	}
	return tx.Commit()
}
