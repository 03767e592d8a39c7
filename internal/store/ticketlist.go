package store

import (
	"context"
	"fmt"
	"strings"
	"time"

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
	figureWhere(&w, f)
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

// figureWhere adds the conditions of a dashboard figure's list: each one is the
// condition internal/store/report.go counts with, so that the list has as many
// requests as the figure says.
func figureWhere(w *where, f ticket.Filter) {
	between := func(col string, from, to time.Time) {
		if !from.IsZero() {
			w.add(col+" >= ?", from.UnixMicro())
		}
		if !to.IsZero() {
			w.add(col+" < ?", to.UnixMicro())
		}
	}
	in(w, "t.outcome", f.Outcomes)
	between("t.resolved_at", f.ResolvedFrom, f.ResolvedTo)
	between("t.first_response_at", f.AnsweredFrom, f.AnsweredTo)
	between("t.due_first_response", f.DueFirstFrom, f.DueFirstTo)
	between("t.due_resolution", f.DueResolutionFrom, f.DueResolutionTo)
	if f.SLAMet != "" {
		met := "(t.first_response_at <= t.due_first_response OR t.resolved_at <= t.due_first_response)"
		if f.DueFirstFrom.IsZero() && f.DueFirstTo.IsZero() {
			met = "(t.resolved_at <= t.due_resolution)"
		}
		if f.SLAMet == "met" {
			w.add("COALESCE(" + met + ", FALSE)")
		} else {
			w.add("NOT COALESCE(" + met + ", FALSE)")
		}
	}
	if at := f.PastDueAt; !at.IsZero() {
		v := at.UnixMicro()
		w.add(`t.due_first_response < ? AND t.created_at < ? AND (t.first_response_at IS NULL OR t.first_response_at >= ?)
			AND (t.resolved_at IS NULL OR t.resolved_at >= ?)`, v, v, v, v)
	}
	if f.HeldBy != "" {
		w.add(`(t.team_id = ? OR EXISTS (SELECT 1 FROM audit a WHERE a.ticket_id = t.id AND a.field = 'team'
			AND a.new_value = ?))`, f.HeldBy, f.HeldBy)
	}
	if f.Rated != "" || f.Rating != 0 || !f.RatedFrom.IsZero() || !f.RatedTo.IsZero() {
		var sw where
		sw.add("s.rating BETWEEN 1 AND 5")
		if f.Rated != "" {
			sw.add("s.by_phone = ?", boolInt(f.Rated == "phone"))
		}
		if f.Rating != 0 {
			sw.add("s.rating = ?", f.Rating)
		}
		between2 := func(from, to time.Time) {
			if !from.IsZero() {
				sw.add("s.rated_at >= ?", from.UnixMicro())
			}
			if !to.IsZero() {
				sw.add("s.rated_at < ?", to.UnixMicro())
			}
		}
		between2(f.RatedFrom, f.RatedTo)
		w.add("EXISTS (SELECT 1 FROM surveys s"+sw.String()+" AND s.ticket_id = t.id)", sw.args...)
	}
	if !f.SurveyedFrom.IsZero() || !f.SurveyedTo.IsZero() {
		var sw where
		if !f.SurveyedFrom.IsZero() {
			sw.add("s.sent_at >= ?", f.SurveyedFrom.UnixMicro())
		}
		if !f.SurveyedTo.IsZero() {
			sw.add("s.sent_at < ?", f.SurveyedTo.UnixMicro())
		}
		w.add("EXISTS (SELECT 1 FROM surveys s"+sw.String()+" AND s.ticket_id = t.id)", sw.args...)
	}
	if len(f.Departements) > 0 || len(f.CompanySizes) > 0 {
		var cw where
		in(&cw, "c.departement", f.Departements)
		in(&cw, "c.size", f.CompanySizes)
		w.add("t.company_id IN (SELECT c.id FROM companies c"+cw.String()+")", cw.args...)
	}
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
