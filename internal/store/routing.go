package store

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/ticket"
)

// FindConfig reads a configuration document an admin edits (the calendar, the
// SLA policies, the routing rules…); found is false when the default applies.
func (s *Store) FindConfig(ctx context.Context, key string) (string, bool, error) {
	return s.reader().FindConfig(ctx, key)
}

// FindConfig reads a configuration document inside the transaction.
func (t *Tx) FindConfig(ctx context.Context, key string) (string, bool, error) {
	var v string
	err := t.queryRow(ctx, "SELECT value FROM routing_config WHERE key = ?", key).Scan(&v)
	if isNoRows(err) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("store: config %s: %w", key, err)
	}
	return v, true, nil
}

// SaveConfig writes a configuration document, replacing the previous one.
func (t *Tx) SaveConfig(ctx context.Context, key, value string, at time.Time, by int64) error {
	_, err := t.exec(ctx, `INSERT INTO routing_config (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
		updated_by = excluded.updated_by`, key, value, micros(at), nullID(by))
	if err != nil {
		return fmt.Errorf("store: save config %s: %w", key, err)
	}
	return nil
}

// CreateAbsence records an agent's leave.
func (t *Tx) CreateAbsence(ctx context.Context, a *routing.Absence, at time.Time) error {
	var err error
	a.ID, err = t.insert(ctx, `INSERT INTO absences (user_id, from_day, to_day, reason, created_at) VALUES (?, ?, ?, ?, ?)`,
		a.UserID, a.From, a.To, a.Reason, micros(at))
	if isForeignKeyViolation(err) {
		return errs.Field("user_id", fmt.Sprintf("aucun compte n° %d", a.UserID))
	}
	if err != nil {
		return fmt.Errorf("store: create absence: %w", err)
	}
	return nil
}

// DeleteAbsence removes an absence; a missing one is not_found.
func (t *Tx) DeleteAbsence(ctx context.Context, id int64) error {
	res, err := t.exec(ctx, "DELETE FROM absences WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("store: delete absence: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "L'absence n° %d n'existe pas.", id)
	}
	return nil
}

// FindAbsences lists the absences that end on day (YYYY-MM-DD) or later.
func (s *Store) FindAbsences(ctx context.Context, day string) ([]routing.Absence, error) {
	rows, err := s.reader().query(ctx, `SELECT id, user_id, from_day, to_day, reason FROM absences
		WHERE to_day >= ? ORDER BY from_day, id`, day)
	if err != nil {
		return nil, fmt.Errorf("store: absences: %w", err)
	}
	defer rows.Close()
	var out []routing.Absence
	for rows.Next() {
		var a routing.Absence
		if err := rows.Scan(&a.ID, &a.UserID, &a.From, &a.To, &a.Reason); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindTeamMembers lists the active accounts that work a team's requests —
// the cell's agents, or a service's specialists — with their load (active
// requests assigned), their last automatic assignment and whether an absence
// covers day (YYYY-MM-DD). The load is counted on tickets_active_assignee, a
// partial index whose condition the query must repeat word for word: written
// "state NOT IN (…)", neither database matches it, and the count read every
// request the agent ever had (55 ms an agent at a million requests, inside the
// creating transaction when assignment is automatic).
func (t *Tx) FindTeamMembers(ctx context.Context, teamID string, day string) ([]routing.Member, error) {
	who := "u.role = ? AND u.team_id = ?"
	args := []any{day, day, string(access.Specialist), teamID}
	if teamID == ticket.CellTeamID {
		who = "u.role = ? AND (u.team_id IS NULL OR u.team_id = ?)"
		args[2] = string(access.Agent)
	}
	rows, err := t.query(ctx, `SELECT u.id, u.name,
		(SELECT COUNT(*) FROM tickets k WHERE k.assignee_id = u.id AND k.state <> 'resolved' AND k.state <> 'closed'),
		COALESCE(r.last_assigned_at, 0),
		EXISTS (SELECT 1 FROM absences a WHERE a.user_id = u.id AND a.from_day <= ? AND a.to_day >= ?)
		FROM users u LEFT JOIN assignment_turns r ON r.user_id = u.id
		WHERE u.active = 1 AND `+who+` ORDER BY u.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: team members: %w", err)
	}
	defer rows.Close()
	var out []routing.Member
	for rows.Next() {
		var m routing.Member
		var last int64
		var absent bool
		if err := rows.Scan(&m.ID, &m.Name, &m.Load, &last, &absent); err != nil {
			return nil, err
		}
		if last != 0 {
			m.LastAssigned = time.UnixMicro(last).UTC()
		}
		m.Absent = absent
		out = append(out, m)
	}
	return out, rows.Err()
}

// SetAssignmentTurn records that a request was just assigned to the user
// automatically.
func (t *Tx) SetAssignmentTurn(ctx context.Context, userID int64, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO assignment_turns (user_id, last_assigned_at) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at`, userID, micros(at))
	if err != nil {
		return fmt.Errorf("store: assignment turn: %w", err)
	}
	return nil
}

// FindConfigs reads every configuration document at once: key → JSON.
func (t *Tx) FindConfigs(ctx context.Context) (map[string]string, error) {
	rows, err := t.query(ctx, "SELECT key, value FROM routing_config")
	if err != nil {
		return nil, fmt.Errorf("store: configs: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, rows.Err()
}

// FindConfigs reads every configuration document outside a transaction.
func (s *Store) FindConfigs(ctx context.Context) (map[string]string, error) {
	return s.reader().FindConfigs(ctx)
}
