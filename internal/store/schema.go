package store

import (
	"context"
	"fmt"
	"sort"
)

// Columns lists every table of the current schema with its columns, sorted, so
// that a test can check that both dialects' migrations build the same schema.
// Full-text indexes differ by nature (SQLite FTS5 virtual tables and their shadow
// tables; PostgreSQL GIN indexes) and are left out.
func (s *Store) Columns(ctx context.Context) (map[string][]string, error) {
	q := `SELECT l.name, p.name FROM pragma_table_list l JOIN pragma_table_info(l.name) p
		WHERE l.schema = 'main' AND l.type = 'table' AND l.name NOT LIKE 'sqlite_%'`
	if s.dialect == Postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	rows, err := s.read.QueryContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: columns: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		out[table] = append(out[table], col)
	}
	for _, cols := range out {
		sort.Strings(cols)
	}
	return out, rows.Err()
}
