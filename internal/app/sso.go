package app

import (
	"log/slog"
	"strings"

	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/sso"
)

// ssoCallbackPath is the workspace's single sign-on callback (internal/web,
// sso.go); the provider must have GUICHET_BASE_URL + it as a redirect URI.
const ssoCallbackPath = "/login/sso/retour"

// enableSSO turns single sign-on on when GUICHET_OIDC_ISSUER is set. The
// provider is discovered at the first sign-in, so that one down at start-up
// does not stop the workspace.
func enableSSO(svc *core.Service, cfg config.Config, log *slog.Logger) {
	o := cfg.OIDC
	if !o.On() {
		return
	}
	client := sso.New(sso.Config{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		RedirectURL: strings.TrimSuffix(cfg.BaseURL, "/") + ssoCallbackPath, Now: svc.Now})
	svc.EnableSSO(core.SSOOptions{Client: client, Name: o.Name, CreateRole: o.CreateRole, RoleClaim: o.RoleClaim,
		RoleMap: o.RoleMap, EmailDomains: o.EmailDomains})
	log.Info("single sign-on on", "issuer", o.Issuer, "create_role", o.CreateRole, "role_claim", o.RoleClaim)
}
