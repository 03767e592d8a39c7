// Package store is all of Guichet's SQL: the schema and its migrations for SQLite and
// PostgreSQL, and the queries, written once in the SQL both accept.
//
// Reads go straight to a connection pool. Writes go through Write, which runs a
// function in a transaction; on SQLite, concurrent writes are grouped into one commit
// (see batch.go) because SQLite has one writer and a commit costs a disk sync.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver, pure Go
)

// Options says which database to open.
type Options struct {
	// DatabaseURL, when set, names a PostgreSQL database (postgres://…).
	DatabaseURL string
	// DataDir holds the SQLite file guichet.db when DatabaseURL is empty.
	DataDir string
	// Logger receives the migration log lines; nil discards them.
	Logger *slog.Logger
}

// Store is an open database.
type Store struct {
	dialect Dialect
	read    *sql.DB // SQLite: several reader connections; PostgreSQL: the pool
	write   *sql.DB // SQLite: the one writer connection; PostgreSQL: the pool
	batch   *batcher
	reads   *readCache // SQLite: the read pool's prepared statements
	// writeSlots (PostgreSQL) lets at most half the pool's connections hold a write
	// transaction, so that a read made through the pool while a write is open (a
	// Store method called inside Write) always finds a connection: without it,
	// concurrent writes holding every connection would each wait for one more, forever.
	writeSlots chan struct{}
	ckpt       *checkpointer // SQLite: the background WAL checkpoints
	log        *slog.Logger

	closeOnce sync.Once
	closeErr  error
}

// ErrClosed is the error of a write on a closed store (e.g. a background job still
// running while the program stops).
var ErrClosed = errors.New("store: closed")

// Open opens (and creates, for SQLite) the database and applies pending migrations.
func Open(ctx context.Context, o Options) (*Store, error) {
	s, err := open(o)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenNoMigrate opens the database without touching its schema (for `guichet migrate`
// with --status, and for tests of the migrations themselves).
func OpenNoMigrate(o Options) (*Store, error) { return open(o) }

func open(o Options) (*Store, error) {
	log := o.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if o.DatabaseURL != "" {
		db, err := sql.Open("pgx", o.DatabaseURL)
		if err != nil {
			return nil, fmt.Errorf("store: open postgres: %w", err)
		}
		conns := 4 * runtime.GOMAXPROCS(0)
		db.SetMaxOpenConns(conns)
		db.SetMaxIdleConns(conns)
		return &Store{dialect: Postgres, read: db, write: db, log: log,
			writeSlots: make(chan struct{}, max(1, conns/2))}, nil
	}
	return openSQLite(o.DataDir, log)
}

// openSQLite opens one writer and a pool of readers on the same WAL file.
// The writer takes its lock at BEGIN (immediate) so that a transaction never fails
// half-way on a lock upgrade; busy_timeout covers other processes (e.g. the CLI).
func openSQLite(dir string, log *slog.Logger) (*Store, error) {
	if dir == "" {
		return nil, errors.New("store: no data directory (set GUICHET_DATA_DIR or GUICHET_DATABASE_URL)")
	}
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	path := filepath.Join(dir, "guichet.db")
	pragmas := "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)" +
		"&_pragma=synchronous(NORMAL)&_time_format=sqlite"
	write, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=wal_autocheckpoint(0)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxLifetime(0)
	read, err := sql.Open("sqlite", "file:"+path+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	ckpt, err := sql.Open("sqlite", "file:"+path+"?"+pragmas)
	if err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	ckpt.SetMaxOpenConns(1)
	s := &Store{dialect: SQLite, read: read, write: write, log: log, reads: newReadCache(read)}
	s.batch = newBatcher(write, s.dialect)
	s.ckpt = startCheckpointer(ckpt)
	return s, nil
}

// Dialect says which database this is.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping checks that the database answers (for /readyz).
func (s *Store) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	var one int
	return s.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Close stops the writer and closes the connections. Later calls return the
// first one's result; a write after Close fails with ErrClosed.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	if s.batch != nil {
		s.batch.close()
	}
	var err error
	if s.ckpt != nil {
		err = errors.Join(s.ckpt.close(), s.ckpt.db.Close())
	}
	if s.reads != nil {
		s.reads.close()
	}
	err = errors.Join(err, s.write.Close())
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// Write runs fn in a write transaction: committed when fn returns nil, rolled back
// otherwise. fn may be run with other writers' functions in one commit (SQLite), each
// inside its own savepoint, so a failing fn never undoes another's work.
func (s *Store) Write(ctx context.Context, fn func(*Tx) error) error {
	if s.batch != nil {
		return s.batch.do(ctx, fn)
	}
	return s.writeTx(ctx, fn)
}

// writeTx runs fn in its own transaction; a panic in fn rolls back and becomes an
// error, as it does in a SQLite batch, so that a bug never leaves a transaction open.
func (s *Store) writeTx(ctx context.Context, fn func(*Tx) error) (err error) {
	if s.writeSlots != nil {
		select {
		case s.writeSlots <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-s.writeSlots }()
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("store: write panicked: %v", p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	t := &Tx{q: tx, d: s.dialect}
	if err = fn(t); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	t.committed()
	return nil
}

// reader returns the query runner for reads outside a transaction.
func (s *Store) reader() *Tx {
	if s.reads != nil {
		return &Tx{q: s.reads, d: s.dialect}
	}
	return &Tx{q: s.read, d: s.dialect}
}

// Tx is a transaction (or, for reads, the read pool) with the queries on it.
type Tx struct {
	q interface {
		ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
		QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	}
	d Dialect
	// onCommit runs once the transaction is committed (see AfterCommit in notify.go).
	onCommit []func()
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.q.ExecContext(ctx, t.d.rebind(query), args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.q.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.q.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// insert runs an INSERT … RETURNING id and returns the id.
func (t *Tx) insert(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(ctx, query+" RETURNING id", args...).Scan(&id)
	return id, err
}
