package store

import (
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Dialect is the little that differs between SQLite and PostgreSQL: placeholders,
// the error codes of constraint violations, the migrations folder.
type Dialect string

// The dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

var rebound sync.Map // query text → PostgreSQL text; queries are constants, so this stays small

// rebind turns the ? placeholders the queries are written with into $1, $2… for
// PostgreSQL. A ? inside a quoted string is left alone.
func (d Dialect) rebind(q string) string {
	if d != Postgres || !strings.Contains(q, "?") {
		return q
	}
	if r, ok := rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	n, quoted := 0, false
	for _, c := range q {
		switch {
		case c == '\'':
			quoted = !quoted
		case c == '?' && !quoted:
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	rebound.Store(q, b.String())
	return b.String()
}

// isUniqueViolation reports whether err is a unique-constraint violation.
func isUniqueViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23505"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || lite.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// isForeignKeyViolation reports whether err is a foreign-key violation.
func isForeignKeyViolation(err error) bool {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		return pg.Code == "23503"
	}
	var lite *sqlite.Error
	if errors.As(err, &lite) {
		return lite.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	}
	return false
}

// micros stores a time as microseconds since the epoch; the zero time is NULL.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// nullTime scans a nullable microsecond column into a time.Time (zero for NULL).
type nullTime struct{ t *time.Time }

// Scan implements sql.Scanner.
func (n nullTime) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.t = time.Time{}
	case int64:
		*n.t = time.UnixMicro(x).UTC()
	default:
		return errors.New("store: time column holds a " + fmtType(v))
	}
	return nil
}

func fmtType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case []byte:
		return "bytes"
	case float64:
		return "float"
	case bool:
		return "bool"
	case time.Time:
		return "time"
	}
	return "unknown"
}

// nullID stores an optional reference; 0 is NULL.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// nullInt scans a nullable integer id into an int64 (0 for NULL).
type nullInt struct{ p *int64 }

// Scan implements sql.Scanner.
func (n nullInt) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*n.p = 0
	case int64:
		*n.p = x
	default:
		return errors.New("store: id column holds a " + fmtType(v))
	}
	return nil
}

// ErrDuplicate is returned when an insert hits a unique constraint the caller
// expects may be hit (a race between two identical requests).
var ErrDuplicate = errors.New("store: duplicate")

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
