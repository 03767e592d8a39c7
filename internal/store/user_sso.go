package store

import (
	"context"
	"fmt"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
)

// SetUserRole changes an account's role and team (an identity provider's role
// claim, at single sign-on).
func (t *Tx) SetUserRole(ctx context.Context, id int64, role access.Role, team string) error {
	res, err := t.exec(ctx, "UPDATE users SET role = ?, team_id = ? WHERE id = ?", string(role), nullString(team), id)
	if isForeignKeyViolation(err) {
		return errs.Field("team", fmt.Sprintf("service inconnu « %s »", team))
	}
	if err != nil {
		return fmt.Errorf("store: set user role: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Aucun compte n° %d.", id)
	}
	return nil
}

// SetUserActive enables or disables an account; a disabled one signs in no more
// (password, single sign-on or API token) and its sessions end.
func (t *Tx) SetUserActive(ctx context.Context, id int64, active bool) error {
	res, err := t.exec(ctx, "UPDATE users SET active = ? WHERE id = ?", boolInt(active), id)
	if err != nil {
		return fmt.Errorf("store: set user active: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Aucun compte n° %d.", id)
	}
	if !active {
		if _, err := t.exec(ctx, "DELETE FROM sessions WHERE user_id = ?", id); err != nil {
			return fmt.Errorf("store: end sessions: %w", err)
		}
	}
	return nil
}
