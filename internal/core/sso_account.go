package core

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/sso"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// ssoAccount is the account a verified identity opens, given the role its
// claim maps to:
//
//   - the account linked to its (issuer, subject), whatever its e-mail claim
//     now says: the subject is the person's stable key, the address is not;
//   - else the account of its verified e-mail, if linked to no identity yet
//     (its first SSO sign-in), which it links;
//   - else a new account, linked at once, when accounts are created.
//
// The account of the e-mail linked to another identity is refused (SSOLinked):
// an address given to someone else must not open its former owner's account.
// Disabled accounts are refused whatever matched them.
func (s *Service) ssoAccount(ctx context.Context, id sso.Identity) (*access.User, error) {
	if id.Issuer == "" || id.Subject == "" {
		return nil, ssoRefused(sso.BadToken) // OpenID Connect requires both; go-oidc checks the issuer only
	}
	link := store.SSOLink{Issuer: id.Issuer, Subject: id.Subject}
	u, err := s.store.FindUserBySSO(ctx, link.Issuer, link.Subject)
	switch {
	case errs.Is(err, errs.NotFound):
		u, err = s.linkByEmail(ctx, id, link)
	case err == nil && !u.Active:
		return nil, ssoRefused(SSODisabled)
	case err == nil:
		err = s.followEmail(ctx, u, id)
	}
	if err != nil {
		return nil, err
	}
	return u, s.applyMappedRole(ctx, u, id)
}

// ssoEmail is the identity's e-mail, lower-case, if the provider verified it
// and its domain is accepted.
func (s *Service) ssoEmail(id sso.Identity) (string, error) {
	norm, err := company.NormalizeEmail(id.Email)
	if id.Email == "" || !id.EmailVerified || err != nil {
		return "", ssoRefused(SSOUnverified)
	}
	email := strings.ToLower(norm)
	if at := strings.LastIndexByte(email, '@'); len(s.sso.EmailDomains) > 0 && !slices.Contains(s.sso.EmailDomains, email[at+1:]) {
		return "", ssoRefused(SSODomain)
	}
	return email, nil
}

// linkByEmail is the account of an identity Guichet has not seen: the account
// of its verified e-mail, linked now, or a new one.
func (s *Service) linkByEmail(ctx context.Context, id sso.Identity, link store.SSOLink) (*access.User, error) {
	email, err := s.ssoEmail(id)
	if err != nil {
		return nil, err
	}
	u, linked, err := s.store.FindUserSSOByEmail(ctx, email)
	switch {
	case errs.Is(err, errs.NotFound) && s.sso.CreateRole == "":
		return nil, ssoRefused(SSOUnknown)
	case errs.Is(err, errs.NotFound):
		role, team, mapped := s.mappedRole(id)
		if !mapped {
			role, team = s.sso.CreateRole, ticket.CellTeamID
		}
		return s.createSSOAccount(ctx, email, orDefault(strings.TrimSpace(id.Name), email), role, team, link)
	case err != nil:
		return nil, err
	case linked == link && !u.Active:
		return nil, ssoRefused(SSODisabled)
	case linked == link:
		return u, nil // linked by a first sign-in of the same person, at the same time, since the read by identity
	case linked.Linked():
		// Checked before the account's state: the departed owner's account is
		// usually disabled, and the log must say why the address was refused.
		s.log.WarnContext(ctx, "sso: address of an account linked to another identity", "event", "auth.sso_address_reuse",
			"user", u.ID, "email", email, "issuer", link.Issuer, "subject", link.Subject,
			"linked_issuer", linked.Issuer, "linked_subject", linked.Subject)
		return nil, ssoRefused(SSOLinked)
	case !u.Active:
		return nil, ssoRefused(SSODisabled)
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.LinkUserSSO(ctx, u.ID, link) })
	if errs.Is(err, errs.Conflict) {
		return nil, ssoRefused(SSOLinked) // linked to someone else since it was read
	}
	if err != nil {
		return nil, err
	}
	s.log.InfoContext(ctx, "sso: account linked", "event", "auth.sso_linked", "user", u.ID, "email", email,
		"issuer", link.Issuer, "subject", link.Subject)
	return u, nil
}

// followEmail gives a linked account the e-mail its provider now vouches for
// (a marriage, a reorganisation), so that notifications and a password
// sign-in use it. An address that is not verified, not in an accepted domain,
// or another account's is not taken: the account keeps its own, and the log
// says why. The sign-in goes on in every case.
func (s *Service) followEmail(ctx context.Context, u *access.User, id sso.Identity) error {
	if strings.EqualFold(strings.TrimSpace(id.Email), u.Email) || id.Email == "" {
		return nil
	}
	email, err := s.ssoEmail(id)
	if err == nil && email != u.Email {
		err = s.store.Write(ctx, func(tx *store.Tx) error { return tx.SetUserEmail(ctx, u.ID, email) })
	}
	if reason := refusalReason(err); reason != "" || errs.Is(err, errs.Conflict) {
		if reason == "" {
			reason = "taken"
		}
		s.log.WarnContext(ctx, "sso: e-mail of the provider not taken", "event", "auth.sso_email_kept", "user", u.ID,
			"email", u.Email, "claim", id.Email, "reason", reason)
		return nil
	}
	if err != nil || email == u.Email {
		return err
	}
	s.log.InfoContext(ctx, "sso: e-mail from the provider", "event", "auth.email_changed", "user", u.ID,
		"from", u.Email, "to", email)
	u.Email = email
	return nil
}

// refusalReason is the reason of an SSO refusal, "" for other errors.
func refusalReason(err error) sso.Reason {
	var r *SSORefused
	if errors.As(err, &r) {
		return r.Reason
	}
	return ""
}

// applyMappedRole gives the account the role its claim maps to, if any.
func (s *Service) applyMappedRole(ctx context.Context, u *access.User, id sso.Identity) error {
	role, team, mapped := s.mappedRole(id)
	if !mapped || (u.Role == role && u.TeamID == team) {
		return nil
	}
	err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.SetUserRole(ctx, u.ID, role, team) })
	if err != nil {
		return err
	}
	s.log.InfoContext(ctx, "sso: role from the provider", "event", "auth.role_changed", "user", u.ID,
		"from", u.Role, "to", role, "team", team)
	u.Role, u.TeamID = role, team
	return nil
}

// mappedRole is the role the identity's role claim maps to; with several
// values mapped, the one granting most (admin first).
func (s *Service) mappedRole(id sso.Identity) (access.Role, string, bool) {
	if s.sso.RoleClaim == "" || len(s.sso.RoleMap) == 0 {
		return "", "", false
	}
	best, bestRank := "", len(access.Roles())
	for _, v := range id.StringsClaim(s.sso.RoleClaim) {
		m, ok := s.sso.RoleMap[v]
		if !ok {
			continue
		}
		base, _, _ := strings.Cut(m, ":")
		if rank := slices.Index(access.Roles(), access.Role(base)); rank >= 0 && rank < bestRank {
			best, bestRank = m, rank
		}
	}
	if best == "" {
		return "", "", false
	}
	base, team, _ := strings.Cut(best, ":")
	if team == "" {
		team = ticket.CellTeamID
	}
	return access.Role(base), team, true
}

// createSSOAccount makes the account of a first single sign-on, without a
// local password, linked to its identity. Two first sign-ins of one person at
// once make one account.
func (s *Service) createSSOAccount(ctx context.Context, email, name string, role access.Role, team string, link store.SSOLink) (*access.User, error) {
	u := &access.User{Email: email, Name: name, Role: role, TeamID: team, Active: true, CreatedAt: s.clock()}
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateUser(ctx, u); err != nil {
			return err
		}
		return tx.LinkUserSSO(ctx, u.ID, link)
	})
	if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
		if again, err2 := s.store.FindUserBySSO(ctx, link.Issuer, link.Subject); err2 == nil {
			return again, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sso: create account: %w", err)
	}
	s.log.InfoContext(ctx, "sso: account created", "event", "auth.account_created", "user", u.ID, "email", email,
		"role", role, "issuer", link.Issuer, "subject", link.Subject, "at", u.CreatedAt.Format(time.RFC3339))
	return u, nil
}

// UnlinkSSO forgets the identity the account of this e-mail is linked to, for
// an administrator (`guichet user sso-unlink`): the next SSO sign-in with the
// account's verified e-mail links it again, to whatever subject the provider
// then sends. It is the way back for a person whose subject changed (a new
// directory, an account recreated at the provider). It returns the identity
// forgotten, empty when there was none.
func (s *Service) UnlinkSSO(ctx context.Context, a access.Actor, email string) (issuer, subject string, err error) {
	if err := a.Check(access.ManageUsers, ""); err != nil {
		return "", "", err
	}
	norm, err := company.NormalizeEmail(email)
	if err != nil {
		return "", "", errs.Field("email", err.Error())
	}
	u, linked, err := s.store.FindUserSSOByEmail(ctx, strings.ToLower(norm))
	if err != nil || !linked.Linked() {
		return "", "", err
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.UnlinkUserSSO(ctx, u.ID) }); err != nil {
		return "", "", err
	}
	s.log.InfoContext(ctx, "sso: account unlinked", "event", "auth.sso_unlinked", "user", u.ID, "email", u.Email,
		"by", a.UserID, "issuer", linked.Issuer, "subject", linked.Subject)
	return linked.Issuer, linked.Subject, nil
}
