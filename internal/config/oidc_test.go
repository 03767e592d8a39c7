package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
)

func TestOIDCFromEnv(t *testing.T) {
	c, err := FromEnv(env(map[string]string{}))
	if err != nil || c.OIDC.On() {
		t.Fatalf("off by default: %+v %v", c.OIDC, err)
	}
	secret := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(secret, []byte("s3cret\n"), 0o600)
	c, err = FromEnv(env(map[string]string{"GUICHET_OIDC_ISSUER": "https://login.region.example/realms/agents",
		"GUICHET_OIDC_CLIENT_ID": "guichet", "GUICHET_OIDC_CLIENT_SECRET_FILE": secret,
		"GUICHET_OIDC_CREATE_ROLE": "Viewer", "GUICHET_OIDC_ROLE_CLAIM": "groups", "GUICHET_OIDC_EMAIL_DOMAINS": "@Region.example, agents.region.example",
		"GUICHET_OIDC_ROLE_MAP": "marches-admin=admin, marches-travaux=specialist:travaux"}))
	if err != nil {
		t.Fatal(err)
	}
	o := c.OIDC
	if !o.On() || o.ClientSecret != "s3cret" || o.Name != "login.region.example" || o.CreateRole != access.Viewer ||
		o.RoleMap["marches-admin"] != "admin" || o.RoleMap["marches-travaux"] != "specialist:travaux" ||
		strings.Join(o.EmailDomains, ",") != "region.example,agents.region.example" {
		t.Fatalf("read %+v", o)
	}
}

func TestOIDCBadValues(t *testing.T) {
	cases := []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{"GUICHET_OIDC_CLIENT_ID": "x"}, "GUICHET_OIDC_ISSUER: obligatoire"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "login.example"}, "GUICHET_OIDC_ISSUER: \"login.example\""},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example"}, "GUICHET_OIDC_CLIENT_ID: obligatoire"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c"}, "GUICHET_OIDC_CLIENT_SECRET: obligatoire"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET_FILE": "/nulle/part"}, "GUICHET_OIDC_CLIENT_SECRET_FILE: fichier illisible"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_CREATE_ROLE": "admin"}, "GUICHET_OIDC_CREATE_ROLE: \"admin\""},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_CREATE_ROLE": "agent"}, "GUICHET_OIDC_EMAIL_DOMAINS: obligatoire avec GUICHET_OIDC_CREATE_ROLE"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_EMAIL_DOMAINS": "a@b.example"}, "n'est pas un nom de domaine"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_ROLE_MAP": "g=agent"}, "GUICHET_OIDC_ROLE_CLAIM doit"},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_ROLE_CLAIM": "groups", "GUICHET_OIDC_ROLE_MAP": "g=chef"}, `"g=chef"`},
		{map[string]string{"GUICHET_OIDC_ISSUER": "https://l.example", "GUICHET_OIDC_CLIENT_ID": "c",
			"GUICHET_OIDC_CLIENT_SECRET": "s", "GUICHET_OIDC_ROLE_CLAIM": "groups", "GUICHET_OIDC_ROLE_MAP": "g=specialist"}, "seul un spécialiste a un service"},
	}
	for _, tc := range cases {
		_, err := FromEnv(env(tc.vars))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want %q", tc.vars, err, tc.want)
		}
	}
}
