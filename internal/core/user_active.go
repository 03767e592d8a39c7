package core

import (
	"context"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
)

// SetUserActive disables an account (it signs in no more, by password, single
// sign-on or API token, and its sessions end) or enables it again. Admins only.
func (s *Service) SetUserActive(ctx context.Context, a access.Actor, email string, active bool) error {
	if err := a.Check(access.ManageUsers, ""); err != nil {
		return err
	}
	norm, err := company.NormalizeEmail(email)
	if err != nil {
		return errs.Field("email", err.Error())
	}
	u, err := s.store.FindUserByEmail(ctx, strings.ToLower(norm))
	if err != nil {
		return err
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.SetUserActive(ctx, u.ID, active) }); err != nil {
		return err
	}
	s.log.InfoContext(ctx, "account state changed", "event", "auth.account_active", "user", u.ID, "active", active,
		"by", a.UserID)
	return nil
}
