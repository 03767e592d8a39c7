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

// SSOLink is the identity at an OpenID provider an account is linked to: the ID
// token's issuer and subject, the stable key of a person (migration 0022). It
// is zero for an account that has not signed in by SSO since it was created or
// unlinked.
type SSOLink struct{ Issuer, Subject string }

// Linked says whether the account is linked to an identity.
func (l SSOLink) Linked() bool { return l.Subject != "" }

// FindUserBySSO reads the account linked to this issuer and subject.
func (s *Store) FindUserBySSO(ctx context.Context, issuer, subject string) (*access.User, error) {
	u, err := scanUser(s.reader().queryRow(ctx, "SELECT "+userColumns+
		" FROM users u WHERE u.oidc_issuer = ? AND u.oidc_subject = ?", issuer, subject))
	if isNoRows(err) {
		return nil, errs.E(errs.NotFound, "Aucun compte lié à cette identité.")
	}
	if err != nil {
		return nil, fmt.Errorf("store: find user by sso: %w", err)
	}
	return u, nil
}

// FindUserSSOByEmail reads the account of an e-mail (stored lower-case) and the
// identity it is linked to.
func (s *Store) FindUserSSOByEmail(ctx context.Context, email string) (*access.User, SSOLink, error) {
	var l SSOLink
	var issuer, subject *string
	row := s.reader().queryRow(ctx, "SELECT "+userColumns+
		", u.oidc_issuer, u.oidc_subject FROM users u WHERE u.email = ?", email)
	u, err := scanUser(scanFunc(func(dest ...any) error { return row.Scan(append(dest, &issuer, &subject)...) }))
	if isNoRows(err) {
		return nil, l, errs.E(errs.NotFound, "Aucun compte pour %s.", email)
	}
	if err != nil {
		return nil, l, fmt.Errorf("store: find user: %w", err)
	}
	if issuer != nil && subject != nil {
		l = SSOLink{Issuer: *issuer, Subject: *subject}
	}
	return u, l, nil
}

// scanFunc lets a row scanned with more columns than scanUser knows be read by it.
type scanFunc func(dest ...any) error

func (f scanFunc) Scan(dest ...any) error { return f(dest...) }

// LinkUserSSO links an account to an identity, if it is linked to no other:
// Conflict when the account is linked to another identity (a concurrent first
// sign-in of someone else), or when the identity is already another account's.
// Linking again to the same identity is harmless.
func (t *Tx) LinkUserSSO(ctx context.Context, id int64, l SSOLink) error {
	res, err := t.exec(ctx, `UPDATE users SET oidc_issuer = ?, oidc_subject = ? WHERE id = ?
		AND (oidc_subject IS NULL OR (oidc_issuer = ? AND oidc_subject = ?))`,
		l.Issuer, l.Subject, id, l.Issuer, l.Subject)
	if isUniqueViolation(err) {
		return errs.E(errs.Conflict, "Cette identité est déjà liée à un autre compte.")
	}
	if err != nil {
		return fmt.Errorf("store: link user sso: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.Conflict, "Le compte n° %d n'existe pas ou est lié à une autre identité.", id)
	}
	return nil
}

// UnlinkUserSSO forgets the identity an account is linked to: its next SSO
// sign-in links it again, by its verified e-mail.
func (t *Tx) UnlinkUserSSO(ctx context.Context, id int64) error {
	res, err := t.exec(ctx, "UPDATE users SET oidc_issuer = NULL, oidc_subject = NULL WHERE id = ?", id)
	if err != nil {
		return fmt.Errorf("store: unlink user sso: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Aucun compte n° %d.", id)
	}
	return nil
}

// SetUserEmail changes an account's e-mail (lower-case); Conflict when another
// account has it.
func (t *Tx) SetUserEmail(ctx context.Context, id int64, email string) error {
	res, err := t.exec(ctx, "UPDATE users SET email = ? WHERE id = ?", email, id)
	if isUniqueViolation(err) {
		return errs.E(errs.Conflict, "Un autre compte a l'adresse %s.", email)
	}
	if err != nil {
		return fmt.Errorf("store: set user email: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errs.E(errs.NotFound, "Aucun compte n° %d.", id)
	}
	return nil
}
