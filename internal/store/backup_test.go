package store_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/store/storetest"
)

func TestBackup(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		dest := filepath.Join(t.TempDir(), "copie.db")
		err := s.Backup(ctx, dest)
		if s.Dialect() == store.Postgres {
			if !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "pg_dump") {
				t.Fatalf("PostgreSQL: %v, want the pg_dump advice", err)
			}
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if verdict, err := store.CheckIntegrity(ctx, dest); err != nil || verdict != "ok" {
			t.Fatalf("integrity: %q %v", verdict, err)
		}
		if err := s.Backup(ctx, dest); !errs.Is(err, errs.Invalid) || !strings.Contains(err.Error(), "existe déjà") {
			t.Errorf("existing destination: %v", err)
		}
		if _, err := store.CheckIntegrity(ctx, filepath.Join(t.TempDir(), "absent.db")); err == nil {
			t.Error("integrity of a missing file")
		}
	})
}
