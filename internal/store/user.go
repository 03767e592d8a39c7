package store

import (
	"context"
	"fmt"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

const userColumns = `u.id, u.email, u.name, u.role, COALESCE(u.team_id, ''), u.password_hash, u.active, u.created_at`

func scanUser(r scanner) (*access.User, error) {
	var u access.User
	var active int
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.TeamID, &u.PasswordHash, &active, nullTime{&u.CreatedAt})
	u.Active = active == 1
	return &u, err
}

// FindUserByEmail reads a user by e-mail (stored lower-case).
func (s *Store) FindUserByEmail(ctx context.Context, email string) (*access.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.email = ?", email))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Aucun compte pour %s.", email)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	return u, nil
}

// FindUserByID reads a user by id inside the transaction.
func (t *Tx) FindUserByID(ctx context.Context, id int64) (*access.User, error) {
	u, err := scanUser(t.queryRow(ctx, "SELECT "+userColumns+" FROM users u WHERE u.id = ?", id))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Aucun compte n° %d.", id)
	}
	if err != nil {
		return nil, fmt.Errorf("store: find user: %w", err)
	}
	return u, nil
}

// CreateUser inserts an account; an e-mail already used is a conflict.
func (t *Tx) CreateUser(ctx context.Context, u *access.User) error {
	var err error
	u.ID, err = t.insert(ctx, `INSERT INTO users (email, name, role, team_id, password_hash, active, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, u.Role, nullString(u.TeamID), u.PasswordHash,
		boolInt(u.Active), micros(u.CreatedAt))
	if isUniqueViolation(err) {
		return errs.Field("email", fmt.Sprintf("un compte existe déjà pour %s", u.Email))
	}
	if isForeignKeyViolation(err) {
		return errs.Field("team", fmt.Sprintf("service inconnu « %s »", u.TeamID))
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// CreateToken stores an API token's hash.
func (t *Tx) CreateToken(ctx context.Context, tok *access.Token) error {
	var err error
	tok.ID, err = t.insert(ctx, `INSERT INTO api_tokens (user_id, token_hash, prefix, created_at) VALUES (?, ?, ?, ?)`,
		tok.UserID, tok.Hash, tok.Prefix, micros(tok.CreatedAt))
	if err != nil {
		return fmt.Errorf("store: create token: %w", err)
	}
	return nil
}

// FindUserByTokenHash returns the active user owning an unrevoked token.
func (s *Store) FindUserByTokenHash(ctx context.Context, hash string) (*access.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+` FROM api_tokens k
		JOIN users u ON u.id = k.user_id
		WHERE k.token_hash = ? AND k.revoked_at IS NULL AND u.active = 1`, hash))
	if isNoRows(err) {
		return nil, errs.E(errs.Unauthorized, "Jeton d'API inconnu ou révoqué.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: find token: %w", err)
	}
	return u, nil
}

// FindTeams lists the teams, the cell first.
func (s *Store) FindTeams(ctx context.Context) ([]ticket.Team, error) {
	rows, err := s.reader().query(ctx, "SELECT id, name, is_cell, active FROM teams ORDER BY is_cell DESC, position, id")
	if err != nil {
		return nil, fmt.Errorf("store: find teams: %w", err)
	}
	defer rows.Close()
	var out []ticket.Team
	for rows.Next() {
		var tm ticket.Team
		var cell, active int
		if err := rows.Scan(&tm.ID, &tm.Name, &cell, &active); err != nil {
			return nil, err
		}
		tm.IsCell, tm.Active = cell == 1, active == 1
		out = append(out, tm)
	}
	return out, rows.Err()
}

// UpsertTeam creates or renames a team.
func (t *Tx) UpsertTeam(ctx context.Context, tm ticket.Team, position int) error {
	_, err := t.exec(ctx, `INSERT INTO teams (id, name, is_cell, active, position) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, active = excluded.active, position = excluded.position`,
		tm.ID, tm.Name, boolInt(tm.IsCell), boolInt(tm.Active), position)
	return err
}

// FindTopics lists the topics in display order.
func (s *Store) FindTopics(ctx context.Context) ([]ticket.Topic, error) {
	return s.reader().FindTopics(ctx)
}

// UpsertTopic creates or relabels a topic.
func (t *Tx) UpsertTopic(ctx context.Context, tp ticket.Topic) error {
	_, err := t.exec(ctx, `INSERT INTO topics (id, label_fr, label_en, position, active) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET label_fr = excluded.label_fr, label_en = excluded.label_en,
		position = excluded.position, active = excluded.active`,
		tp.ID, tp.LabelFR, tp.LabelEN, tp.Position, boolInt(tp.Active))
	return err
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
