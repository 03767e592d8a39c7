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

// SSOOptions configure single sign-on through an OpenID Connect provider
// (GUICHET_OIDC_*). A verified e-mail opens the local account of that address:
// the session is the same as after a password sign-in.
type SSOOptions struct {
	Client *sso.Client
	// Name is the provider as the sign-in button names it.
	Name string
	// CreateRole, when set, creates an account of this role for a person the
	// provider vouches for but Guichet does not know; empty: refused.
	CreateRole access.Role
	// RoleClaim and RoleMap give accounts the role their claim maps to
	// ("agent", "specialist:travaux") at each sign-in; nil map: roles are
	// Guichet's own.
	RoleClaim string
	RoleMap   map[string]string
	// EmailDomains, when set, are the only domains accepted (lower-case).
	EmailDomains []string
}

// SSOFlow is a sign-in under way (kept by the browser in a cookie) and
// SSOCallback what the provider sent back; see internal/sso.
type (
	SSOFlow     = sso.Flow
	SSOCallback = sso.Callback
)

// DecodeSSOFlow reads a flow back from its cookie value.
func DecodeSSOFlow(s string) (SSOFlow, bool) { return sso.DecodeFlow(s) }

// Why a single sign-on was refused, besides the protocol's reasons (sso.Reason).
const (
	SSOUnverified sso.Reason = "unverified" // no e-mail, or one the provider has not verified
	SSOUnknown    sso.Reason = "unknown"    // no account for that e-mail, and none is created
	SSODisabled   sso.Reason = "disabled"   // the account is disabled
	SSODomain     sso.Reason = "domain"     // the e-mail's domain is not one of EmailDomains
)

// SSORefused is the cause of a refused single sign-on: the web layer reads its
// reason to explain it in the page's language.
type SSORefused struct{ Reason sso.Reason }

func (r *SSORefused) Error() string { return "single sign-on refused: " + string(r.Reason) }

// ssoMessages are the refusals in French, for the logs and any caller without
// its own catalog.
var ssoMessages = map[sso.Reason]string{
	sso.Unavailable: "Le fournisseur d'identité ne répond pas : réessayez plus tard ou connectez-vous avec votre mot de passe.",
	sso.BadState:    "Cette connexion a expiré ou ne vient pas de ce navigateur : recommencez.",
	sso.Denied:      "Le fournisseur d'identité a refusé la connexion.",
	sso.BadCode:     "Le fournisseur d'identité a refusé ce code de connexion (déjà utilisé ou expiré) : recommencez.",
	sso.BadToken:    "La réponse du fournisseur d'identité n'est pas valide : connexion refusée.",
	SSOUnverified:   "Votre adresse e-mail n'est pas vérifiée par le fournisseur d'identité : connexion refusée.",
	SSOUnknown:      "Aucun compte Guichet pour cette adresse : demandez-en un à un administrateur.",
	SSODisabled:     "Ce compte est désactivé : adressez-vous à un administrateur.",
	SSODomain:       "Cette adresse n'appartient pas à un domaine admis pour la connexion unique.",
}

func ssoRefused(r sso.Reason) error {
	return &errs.Error{Code: errs.Unauthorized, Err: &SSORefused{Reason: r}, Message: ssoMessages[r]}
}

// EnableSSO turns single sign-on on. It is called once, while the application
// is wired, before any request is served.
func (s *Service) EnableSSO(o SSOOptions) { s.sso = &o }

// SSOName is the provider's name for the sign-in button, "" when single
// sign-on is off.
func (s *Service) SSOName() string {
	if s.sso == nil {
		return ""
	}
	return s.sso.Name
}

// StartSSO begins a sign-in: the flow's secrets, for the browser to keep, and
// the provider's URL to send it to.
func (s *Service) StartSSO(ctx context.Context) (string, SSOFlow, error) {
	if s.sso == nil {
		return "", SSOFlow{}, errs.E(errs.NotFound, "La connexion unique n'est pas configurée.")
	}
	f := sso.NewFlow()
	u, err := s.sso.Client.AuthURL(ctx, f)
	if err != nil {
		s.log.ErrorContext(ctx, "sso: provider unavailable", "event", "auth.sso_unavailable", "err", err)
		return "", SSOFlow{}, ssoRefused(sso.Unavailable)
	}
	return u, f, nil
}

// FinishSSO ends a sign-in: it checks the callback against the browser's flow,
// redeems the code, verifies the ID token, finds (or creates) the account of
// its verified e-mail and opens a session, as SignIn does. Refusals are
// recorded and locked out like failed passwords: per address and IP, and per IP.
func (s *Service) FinishSSO(ctx context.Context, f SSOFlow, cb SSOCallback, ip string) (Session, error) {
	if s.sso == nil {
		return Session{}, errs.E(errs.NotFound, "La connexion unique n'est pas configurée.")
	}
	now := s.clock()
	id, err := s.sso.Client.Finish(ctx, f, cb)
	if reason := sso.ReasonOf(err); reason == sso.Unavailable {
		s.log.ErrorContext(ctx, "sso: provider unavailable", "event", "auth.sso_unavailable", "err", err)
		return Session{}, ssoRefused(reason)
	} else if reason != "" {
		s.log.WarnContext(ctx, "sso: flow refused", "event", "auth.sso_refused", "reason", reason, "ip", ip, "err", err)
		return Session{}, s.recordFlowFailure(ctx, ip, now, ssoRefused(reason))
	} else if err != nil {
		return Session{}, err
	}
	key := failureKey(id.Email)
	if key == "" {
		key = "(sso)" // "" would count every address of the IP against the per-address limit
	}
	if err := s.checkLockout(ctx, key, ip, now); err != nil {
		return Session{}, err
	}
	u, err := s.ssoAccount(ctx, id)
	var refused *SSORefused
	if errors.As(err, &refused) {
		s.log.WarnContext(ctx, "sso: account refused", "event", "auth.sso_refused", "reason", refused.Reason,
			"email", key, "subject", id.Subject, "ip", ip)
		return Session{}, s.recordFailure(ctx, key, ip, now, err)
	}
	if err != nil {
		return Session{}, err
	}
	sess, err := s.openSession(ctx, u.Actor(), key, ip, now)
	if err != nil {
		return Session{}, err
	}
	s.log.InfoContext(ctx, "sign-in", "event", "auth.sign_in", "method", "oidc", "email", key, "ip", ip,
		"user", u.ID, "subject", id.Subject)
	return sess, nil
}

// ssoAccount is the account a verified identity opens: the active account of
// its verified e-mail, given the role its claim maps to; or a new one when
// accounts are created on first sign-in.
func (s *Service) ssoAccount(ctx context.Context, id sso.Identity) (*access.User, error) {
	norm, err := company.NormalizeEmail(id.Email)
	if id.Email == "" || !id.EmailVerified || err != nil {
		return nil, ssoRefused(SSOUnverified)
	}
	email := strings.ToLower(norm)
	if at := strings.LastIndexByte(email, '@'); len(s.sso.EmailDomains) > 0 && !slices.Contains(s.sso.EmailDomains, email[at+1:]) {
		return nil, ssoRefused(SSODomain)
	}
	role, team, mapped := s.mappedRole(id)
	u, err := s.store.FindUserByEmail(ctx, email)
	switch {
	case errs.Is(err, errs.NotFound) && s.sso.CreateRole == "":
		return nil, ssoRefused(SSOUnknown)
	case errs.Is(err, errs.NotFound):
		if !mapped {
			role, team = s.sso.CreateRole, ticket.CellTeamID
		}
		return s.createSSOAccount(ctx, email, orDefault(strings.TrimSpace(id.Name), email), role, team)
	case err != nil:
		return nil, err
	case !u.Active:
		return nil, ssoRefused(SSODisabled)
	case mapped && (u.Role != role || u.TeamID != team):
		err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.SetUserRole(ctx, u.ID, role, team) })
		if err != nil {
			return nil, err
		}
		s.log.InfoContext(ctx, "sso: role from the provider", "event", "auth.role_changed", "user", u.ID,
			"from", u.Role, "to", role, "team", team)
		u.Role, u.TeamID = role, team
	}
	return u, nil
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
// local password. Two first sign-ins at once make one account.
func (s *Service) createSSOAccount(ctx context.Context, email, name string, role access.Role, team string) (*access.User, error) {
	u := &access.User{Email: email, Name: name, Role: role, TeamID: team, Active: true, CreatedAt: s.clock()}
	err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CreateUser(ctx, u) })
	if errs.Is(err, errs.Invalid) {
		if again, err2 := s.store.FindUserByEmail(ctx, email); err2 == nil {
			return again, nil
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sso: create account: %w", err)
	}
	s.log.InfoContext(ctx, "sso: account created", "event", "auth.account_created", "user", u.ID, "email", email,
		"role", role, "at", u.CreatedAt.Format(time.RFC3339))
	return u, nil
}

// recordFlowFailure records a failed flow (stale state, refused code, invalid
// token), which names no address: it counts towards its IP's lock-out only, so
// that a few stale sign-ins behind one office address lock nobody out.
func (s *Service) recordFlowFailure(ctx context.Context, ip string, now time.Time, refused error) error {
	err := s.recordFailure(ctx, "(sso)", ip, now, refused)
	var locked *LockedOut
	if !errors.As(err, &locked) {
		return err
	}
	if err := s.checkLockout(ctx, "(sso-none)", ip, now); err != nil {
		return err // the IP itself is locked out
	}
	return refused
}
