package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/guichet/guichet/internal/ticket"
)

// FindTickets returns one page of the tickets f selects, in f's order, and whether
// there are more. It never counts the whole table: the page is an index range
// after the cursor, read one row past the limit to know whether another page exists.
func (s *Store) FindTickets(ctx context.Context, f ticket.Filter) ([]*ticket.Ticket, bool, error) {
	where, args := ticketWhere(f)
	order := "t.created_at DESC, t.id DESC"
	switch f.Sort {
	case ticket.OldestFirst:
		order = "t.created_at ASC, t.id ASC"
	case ticket.DueFirst:
		order = "t.due_at ASC, t.id ASC"
	}
	limit := f.Limit
	if limit <= 0 || limit > ticket.MaxLimit {
		limit = ticket.DefaultLimit
	}
	q := "SELECT " + ticketColumns + ticketFrom + where + " ORDER BY " + order + fmt.Sprintf(" LIMIT %d", limit+1)
	rows, err := s.reader().query(ctx, q, args...)
	if err != nil {
		return nil, false, fmt.Errorf("store: find tickets: %w", err)
	}
	defer rows.Close()
	var out []*ticket.Ticket
	for rows.Next() {
		tk, err := scanTicket(rows)
		if err != nil {
			return nil, false, fmt.Errorf("store: find tickets: %w", err)
		}
		out = append(out, tk)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("store: find tickets: %w", err)
	}
	more := len(out) > limit
	if more {
		out = out[:limit]
	}
	return out, more, nil
}

// ticketWhere builds the WHERE clause of a filter, with its arguments.
func ticketWhere(f ticket.Filter) (string, []any) {
	var w where
	in(&w, "t.state", f.States)
	in(&w, "t.channel", f.Channels)
	in(&w, "t.topic", f.Topics)
	in(&w, "t.scope", f.Scopes)
	in(&w, "t.team_id", f.TeamIDs)
	if f.AssigneeID != 0 {
		w.add("t.assignee_id = ?", f.AssigneeID)
	}
	if f.Unassigned {
		w.add("t.assignee_id IS NULL")
	}
	if f.CompanyID != 0 {
		w.add("t.company_id = ?", f.CompanyID)
	}
	if f.CompanySIRET != "" {
		w.add("t.company_id = (SELECT id FROM companies WHERE siret = ?)", f.CompanySIRET)
	}
	if f.ConsultationRef != "" {
		w.add("t.consultation_ref = ?", f.ConsultationRef)
	}
	if !f.CreatedFrom.IsZero() {
		w.add("t.created_at >= ?", f.CreatedFrom.UnixMicro())
	}
	if !f.CreatedTo.IsZero() {
		w.add("t.created_at < ?", f.CreatedTo.UnixMicro())
	}
	if text := strings.TrimSpace(f.Text); text != "" {
		// Plain substring for now; the French full-text index replaces it (search issue).
		w.add(`(LOWER(t.subject) LIKE ? ESCAPE '\' OR t.number = ?)`, like(text), text)
	}
	if f.Sort == ticket.DueFirst {
		w.add("t.due_at IS NOT NULL")
	}
	if c := f.After; c != nil {
		// Row values keep the cursor one index seek, however deep the page.
		key := c.Key.UnixMicro()
		switch f.Sort {
		case ticket.OldestFirst:
			w.add("(t.created_at, t.id) > (?, ?)", key, c.ID)
		case ticket.DueFirst:
			w.add("(t.due_at, t.id) > (?, ?)", key, c.ID)
		default:
			w.add("(t.created_at, t.id) < (?, ?)", key, c.ID)
		}
	}
	return w.String(), w.args
}

// where accumulates AND-ed conditions.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

// in adds "col IN (?, ?, …)" for a non-empty list of string-like values.
func in[T ~string](w *where, col string, vals []T) {
	if len(vals) == 0 {
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")
	args := make([]any, len(vals))
	for i, v := range vals {
		args[i] = string(v)
	}
	w.add(col+" IN ("+marks+")", args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}
