package config

import (
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/guichet/guichet/internal/access"
)

// OIDC is the workspace's single sign-on through an OpenID Connect provider
// (README, "Single sign-on"). It is on when Issuer is set.
type OIDC struct {
	// Issuer is the provider's issuer URL — GUICHET_OIDC_ISSUER.
	Issuer string
	// ClientID and ClientSecret are Guichet's registration at the provider —
	// GUICHET_OIDC_CLIENT_ID, GUICHET_OIDC_CLIENT_SECRET (or
	// GUICHET_OIDC_CLIENT_SECRET_FILE, a file holding it).
	ClientID     string
	ClientSecret string
	// Name is the provider as the sign-in button names it — GUICHET_OIDC_NAME;
	// the issuer's host when empty.
	Name string
	// CreateRole lets a person unknown to Guichet in with a new account of this
	// role (viewer or agent); empty: only existing accounts sign in —
	// GUICHET_OIDC_CREATE_ROLE.
	CreateRole access.Role
	// RoleClaim names a claim of the ID token (a string or a list: groups,
	// roles) and RoleMap maps its values to roles ("role" or "specialist:team"):
	// an account takes the role its claim maps to at each sign-in —
	// GUICHET_OIDC_ROLE_CLAIM, GUICHET_OIDC_ROLE_MAP ("value=role,…").
	RoleClaim string
	RoleMap   map[string]string
	// EmailDomains, when set, are the only e-mail domains single sign-on
	// accepts (a provider that also serves other organisations) —
	// GUICHET_OIDC_EMAIL_DOMAINS, comma-separated.
	EmailDomains []string
}

// On reports whether single sign-on is configured.
func (o OIDC) On() bool { return o.Issuer != "" }

// readOIDC reads the GUICHET_OIDC_* variables.
func readOIDC(c *Config, getenv func(string) string) []string {
	var errs []string
	o := &c.OIDC
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	o.Issuer, o.ClientID, o.ClientSecret = get("GUICHET_OIDC_ISSUER"), get("GUICHET_OIDC_CLIENT_ID"), get("GUICHET_OIDC_CLIENT_SECRET")
	o.Name, o.RoleClaim = get("GUICHET_OIDC_NAME"), get("GUICHET_OIDC_ROLE_CLAIM")
	if f := get("GUICHET_OIDC_CLIENT_SECRET_FILE"); f != "" && o.ClientSecret == "" {
		b, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Sprintf("GUICHET_OIDC_CLIENT_SECRET_FILE: fichier illisible (%v)", err))
		}
		o.ClientSecret = strings.TrimSpace(string(b))
	}
	if o.Issuer == "" {
		if o.ClientID != "" || o.ClientSecret != "" {
			errs = append(errs, "GUICHET_OIDC_ISSUER: obligatoire quand GUICHET_OIDC_CLIENT_ID est défini")
		}
		return errs
	}
	u, err := url.Parse(o.Issuer)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		errs = append(errs, fmt.Sprintf("GUICHET_OIDC_ISSUER: %q n'est pas une adresse https://…", o.Issuer))
	} else if o.Name == "" {
		o.Name = u.Host
	}
	if o.ClientID == "" {
		errs = append(errs, "GUICHET_OIDC_CLIENT_ID: obligatoire avec GUICHET_OIDC_ISSUER")
	}
	if o.ClientSecret == "" {
		errs = append(errs, "GUICHET_OIDC_CLIENT_SECRET: obligatoire avec GUICHET_OIDC_ISSUER (ou GUICHET_OIDC_CLIENT_SECRET_FILE)")
	}
	switch r := access.Role(strings.ToLower(get("GUICHET_OIDC_CREATE_ROLE"))); r {
	case "", access.Viewer, access.Agent:
		o.CreateRole = r
	default:
		errs = append(errs, fmt.Sprintf("GUICHET_OIDC_CREATE_ROLE: %q (viewer ou agent ; vide : comptes existants seulement)", r))
	}
	for _, d := range strings.Split(get("GUICHET_OIDC_EMAIL_DOMAINS"), ",") {
		d = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(d), "@"))
		switch {
		case d == "":
		case strings.ContainsAny(d, "@ /") || !strings.Contains(d, "."):
			errs = append(errs, fmt.Sprintf("GUICHET_OIDC_EMAIL_DOMAINS: %q n'est pas un nom de domaine", d))
		default:
			o.EmailDomains = append(o.EmailDomains, d)
		}
	}
	if o.CreateRole != "" && len(o.EmailDomains) == 0 {
		errs = append(errs, "GUICHET_OIDC_EMAIL_DOMAINS: obligatoire avec GUICHET_OIDC_CREATE_ROLE (sinon toute personne connue du fournisseur aurait un compte)")
	}
	errs = append(errs, readRoleMap(o, get("GUICHET_OIDC_ROLE_MAP"))...)
	return errs
}

// readRoleMap reads "value=role,value=specialist:team".
func readRoleMap(o *OIDC, raw string) []string {
	if raw == "" {
		return nil
	}
	if o.RoleClaim == "" {
		return []string{"GUICHET_OIDC_ROLE_MAP: GUICHET_OIDC_ROLE_CLAIM doit nommer la revendication lue"}
	}
	var errs []string
	o.RoleMap = map[string]string{}
	for _, pair := range strings.Split(raw, ",") {
		value, role, ok := strings.Cut(strings.TrimSpace(pair), "=")
		base, team, _ := strings.Cut(role, ":")
		_, err := access.ParseRole(base)
		switch {
		case !ok || strings.TrimSpace(value) == "" || err != nil:
			errs = append(errs, fmt.Sprintf("GUICHET_OIDC_ROLE_MAP: %q (valeur=rôle, rôles admin, supervisor, agent, specialist:service, viewer)", pair))
		case (access.Role(base) == access.Specialist) != (team != ""):
			errs = append(errs, fmt.Sprintf("GUICHET_OIDC_ROLE_MAP: %q (seul un spécialiste a un service : specialist:travaux)", pair))
		default:
			o.RoleMap[strings.TrimSpace(value)] = strings.TrimSpace(role)
		}
	}
	return errs
}
