package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Macro is a canned answer as stored; core fills its placeholders.
type Macro struct {
	ID        int64
	Title     string
	Body      string
	Active    bool
	CreatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

const macroColumns = "id, title, body, active, COALESCE(created_by, 0), created_at, updated_at"

func scanMacro(r scanner) (*Macro, error) {
	var m Macro
	var active int
	err := r.Scan(&m.ID, &m.Title, &m.Body, &active, &m.CreatedBy, nullTime{&m.CreatedAt}, nullTime{&m.UpdatedAt})
	m.Active = active == 1
	return &m, err
}

// FindMacros lists the macros by title; archived ones only when all is true.
func (s *Store) FindMacros(ctx context.Context, all bool) ([]*Macro, error) {
	q := "SELECT " + macroColumns + " FROM macros"
	if !all {
		q += " WHERE active = 1"
	}
	rows, err := s.reader().query(ctx, q+" ORDER BY title, id")
	if err != nil {
		return nil, fmt.Errorf("store: find macros: %w", err)
	}
	defer rows.Close()
	var out []*Macro
	for rows.Next() {
		m, err := scanMacro(rows)
		if err != nil {
			return nil, fmt.Errorf("store: find macros: %w", err)
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// FindMacroByID reads one macro; an unknown id is not found.
func (s *Store) FindMacroByID(ctx context.Context, id int64) (*Macro, error) {
	m, err := scanMacro(s.reader().queryRow(ctx, "SELECT "+macroColumns+" FROM macros WHERE id = ?", id))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "La réponse type n° %d n'existe pas.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find macro %d: %w", id, err)
	}
	return m, nil
}

// CreateMacro inserts a macro; a title already used is a conflict on the title.
func (t *Tx) CreateMacro(ctx context.Context, m *Macro) error {
	var err error
	m.ID, err = t.insert(ctx, `INSERT INTO macros (title, body, active, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?)`, m.Title, m.Body, boolInt(m.Active), nullID(m.CreatedBy), micros(m.CreatedAt),
		micros(m.UpdatedAt))
	return macroErr(err, m.Title)
}

// UpdateMacro writes a macro's title, text and whether it is offered.
func (t *Tx) UpdateMacro(ctx context.Context, m *Macro) error {
	res, err := t.exec(ctx, "UPDATE macros SET title = ?, body = ?, active = ?, updated_at = ? WHERE id = ?",
		m.Title, m.Body, boolInt(m.Active), micros(m.UpdatedAt), m.ID)
	if err := macroErr(err, m.Title); err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "La réponse type n° %d n'existe pas.", m.ID)
	}
	return nil
}

func macroErr(err error, title string) error {
	if isUniqueViolation(err) {
		return errs.Field("title", fmt.Sprintf("une réponse type s'appelle déjà « %s »", title))
	}
	if err != nil {
		return fmt.Errorf("store: macro: %w", err)
	}
	return nil
}
