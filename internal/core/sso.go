package core

import (
	"context"
	"errors"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/sso"
)

// SSOOptions configure single sign-on through an OpenID Connect provider
// (GUICHET_OIDC_*). An identity opens the account linked to its issuer and
// subject; the verified e-mail only links an account on its first SSO sign-in
// (sso_account.go). The session is the same as after a password sign-in.
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
	// SSOLinked: the e-mail's account is linked to another identity (issuer,
	// subject) than the token's; the provider may have given a departed
	// person's address to someone else, so the address alone opens nothing.
	SSOLinked sso.Reason = "linked"
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
	SSOLinked: "Cette adresse est celle d'un compte Guichet lié à une autre identité du fournisseur : connexion refusée. " +
		"Si votre identifiant a changé, demandez à un administrateur de délier le compte.",
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
// redeems the code, verifies the ID token, finds the account linked to its
// issuer and subject (or links, or creates, the account of its verified
// e-mail) and opens a session, as SignIn does. Refusals are
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
