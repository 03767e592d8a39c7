package store

// The check behind the retention tests: where, in the whole database, is a
// string still found.

import (
	"bytes"
	"context"
	"fmt"
	"strings"
)

// StringHit is a place where FindStrings found one of its strings.
type StringHit struct {
	Table, Column, Needle string
}

// FindStrings reports every table column, in every table of the schema (the
// full-text indexes' own tables included), where a value holds one of the
// needles, compared case-insensitively as text or bytes. It reads every row of
// every table: it is for checking an erasure (the retention tests, or an
// operator answering a person who asks what is left), not for a busy hour.
func (s *Store) FindStrings(ctx context.Context, needles []string) ([]StringHit, error) {
	tables, err := s.tableNames(ctx)
	if err != nil {
		return nil, err
	}
	lower := make([][]byte, len(needles))
	for i, n := range needles {
		lower[i] = bytes.ToLower([]byte(n))
	}
	var hits []StringHit
	seen := map[StringHit]bool{}
	for _, table := range tables {
		err := s.scanTable(ctx, table, func(col string, v []byte) {
			v = bytes.ToLower(v)
			for i, n := range lower {
				h := StringHit{table, col, needles[i]}
				if !seen[h] && bytes.Contains(v, n) {
					seen[h] = true
					hits = append(hits, h)
				}
			}
		})
		if err != nil {
			return nil, err
		}
	}
	return hits, nil
}

func (s *Store) tableNames(ctx context.Context) ([]string, error) {
	q := `SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name`
	if s.dialect == Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
		out = append(out, name)
	}
	return out, rows.Err()
}

// scanTable calls fn with every non-null value of table, as bytes.
func (s *Store) scanTable(ctx context.Context, table string, fn func(col string, v []byte)) error {
	rows, err := s.read.QueryContext(ctx, `SELECT * FROM "`+strings.ReplaceAll(table, `"`, `""`)+`"`)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: read %s: %w", table, err)
		}
		for i, v := range vals {
			switch v := v.(type) {
			case nil:
			case []byte:
				fn(cols[i], v)
			case string:
				fn(cols[i], []byte(v))
			default:
				fn(cols[i], fmt.Append(nil, v))
			}
		}
	}
	return rows.Err()
}
