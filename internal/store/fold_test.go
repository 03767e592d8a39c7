package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"testing"
	"time"
)

// foldSamples holds every letter of the fold, upper and lower case, and a few
// names as they are typed.
var foldSamples = map[string]string{
	"ÀÂÄ àâä Ç ç":              "aaa aaa c c",
	"ÉÈÊË éèêë":                "eeee eeee",
	"ÎÏ îï ÔÖ ôö":              "ii ii oo oo",
	"ÙÛÜ ùûü Ÿ ÿ":              "uuu uuu y y",
	"Œ œ Æ æ":                  "oe oe ae ae",
	"ÉTABLISSEMENTS MARTIN":    "etablissements martin",
	"SOCIÉTÉ DES EAUX":         "societe des eaux",
	"Zoé Lefèvre":              "zoe lefevre",
	"ŒUVRE Sœur Lætitia":       "oeuvre soeur laetitia",
	"Maçonnerie Dupont & Fils": "maconnerie dupont & fils",
	"école":                    "ecole",
}

func TestFold(t *testing.T) {
	for in, want := range foldSamples {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFoldAgrees: fold_name in SQL gives what fold gives, on SQLite (the Go
// function registered) and on PostgreSQL (the SQL function of 0024), so that
// the typed words and the indexed names are folded alike.
func TestFoldAgrees(t *testing.T) {
	ctx := context.Background()
	lite, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	checkFoldName(t, lite)
	if pg := openFoldPostgres(t); pg != nil {
		checkFoldName(t, pg)
	}
}

func checkFoldName(t *testing.T, s *Store) {
	t.Helper()
	for in := range foldSamples {
		var got string
		if err := s.read.QueryRowContext(context.Background(), s.dialect.rebind("SELECT fold_name(?)"), in).
			Scan(&got); err != nil {
			t.Fatalf("%v: fold_name(%q): %v", s.dialect, in, err)
		}
		if got != fold(in) {
			t.Errorf("%v: fold_name(%q) = %q, fold gives %q", s.dialect, in, got, fold(in))
		}
	}
}

// openFoldPostgres opens a migrated PostgreSQL store in a schema of its own
// (storetest cannot be used inside the package), nil when no server answers.
func openFoldPostgres(t *testing.T) *Store {
	t.Helper()
	admin := os.Getenv("GUICHET_TEST_POSTGRES")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	db, err := sql.Open("pgx", admin)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	schema := fmt.Sprintf("fold_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true: %v", err)
		}
		t.Logf("PostgreSQL leg skipped: %v", err)
		return nil
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := Open(ctx, Options{DatabaseURL: u.String()})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
