// Package storetest runs a test against every database Guichet supports: always a
// fresh SQLite file, and a fresh PostgreSQL schema when a server is reachable.
//
// The PostgreSQL server is GUICHET_TEST_POSTGRES (a postgres:// URL), or the local
// default postgres://postgres@127.0.0.1:5432/test. Each test package gets its own
// database (created on first use, dropped by Main), each test its own schema. When
// no server answers, the PostgreSQL leg is skipped with a message — except under
// CI=true, where a missing server fails the run.
package storetest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/store"
)

// DefaultURL is the PostgreSQL server used when GUICHET_TEST_POSTGRES is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// Backend is one database kind to run a test against.
type Backend struct {
	Name string
	Open func(t testing.TB) *store.Store
}

// Backends lists the databases available to this test run.
func Backends() []Backend {
	return []Backend{{Name: "sqlite", Open: OpenSQLite}, {Name: "postgres", Open: OpenPostgres}}
}

// Each runs fn once per backend, as a subtest named after it.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store)) {
	t.Helper()
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { fn(t, b.Open(t)) })
	}
}

// OpenSQLite opens a migrated SQLite store in a temporary directory.
func OpenSQLite(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var pg struct {
	once    sync.Once
	admin   string // URL of the server's maintenance database
	dbURL   string // URL of this package's test database
	dbName  string
	err     error
	schemas atomic.Int64
}

// OpenPostgres opens a migrated PostgreSQL store in a schema of its own,
// dropped when the test ends.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	pg.once.Do(createDatabase)
	if pg.err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required under CI=true: %v", pg.err)
		}
		t.Skipf("PostgreSQL leg skipped: no server reachable (%v); set GUICHET_TEST_POSTGRES or start one", pg.err)
	}
	schema := fmt.Sprintf("t%d_%d", os.Getpid(), pg.schemas.Add(1))
	if err := execOn(pg.dbURL, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	s, err := store.Open(context.Background(), store.Options{DatabaseURL: withParam(pg.dbURL, "search_path", schema)})
	if err != nil {
		t.Fatalf("open postgres: %v", err)
	}
	t.Cleanup(func() {
		s.Close()
		if err := execOn(pg.dbURL, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema: %v", err)
		}
	})
	return s
}

func createDatabase() {
	pg.admin = os.Getenv("GUICHET_TEST_POSTGRES")
	if pg.admin == "" {
		pg.admin = DefaultURL
	}
	pg.dbName = fmt.Sprintf("guichet_test_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if pg.err = execOn(pg.admin, "CREATE DATABASE "+pg.dbName); pg.err != nil {
		return
	}
	u, err := url.Parse(pg.admin)
	if err != nil {
		pg.err = err
		return
	}
	u.Path = "/" + pg.dbName
	pg.dbURL = u.String()
}

// Main runs a package's tests, then drops the package's PostgreSQL database.
// Call it from TestMain in every package that uses this helper.
func Main(m *testing.M) {
	code := m.Run()
	if pg.dbURL != "" {
		if err := execOn(pg.admin, "DROP DATABASE IF EXISTS "+pg.dbName+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "storetest: drop database:", err)
		}
	}
	os.Exit(code)
}

// execOn runs one statement on a short-lived connection.
func execOn(dsn, stmt string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err = db.ExecContext(ctx, stmt)
	return err
}

func withParam(dsn, key, value string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	return dsn + sep + key + "=" + url.QueryEscape(value)
}
