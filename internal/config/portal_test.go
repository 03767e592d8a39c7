package config

import (
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/ticket"
)

func TestPortalVariables(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil || c.Attach.For(ticket.Web).MaxFile != 10<<20 || c.Attach.For(ticket.Email).MaxMessage != 25<<20 ||
		c.PortalAllSIRET || c.ClamdAddr != "" {
		t.Fatalf("defaults: %+v %v", c.Attach, err)
	}
	c, err = FromEnv(env(map[string]string{
		"GUICHET_ATTACH_MAX_FILE": "5MB", "GUICHET_ATTACH_MAX_MESSAGE": "12Mo", "GUICHET_ATTACH_MAX_COUNT": "4",
		"GUICHET_ATTACH_CHANNELS": "email=20MB,50MB,20", "GUICHET_ATTACH_STORE": "database",
		"GUICHET_CLAMD_ADDR": "127.0.0.1:3310", "GUICHET_PORTAL_ALL_SIRET": "true",
		"GUICHET_TRUSTED_PROXIES": "10.0.0.1, 192.168.0.0/16",
	}))
	if err != nil {
		t.Fatal(err)
	}
	web, mail := c.Attach.For(ticket.Web), c.Attach.For(ticket.Email)
	if web.MaxFile != 5<<20 || web.MaxMessage != 12<<20 || web.MaxCount != 4 || mail.MaxFile != 20<<20 ||
		mail.MaxMessage != 50<<20 || mail.MaxCount != 20 || c.AttachStore != "database" ||
		c.ClamdAddr != "127.0.0.1:3310" || !c.PortalAllSIRET || len(c.TrustedProxies) != 2 {
		t.Fatalf("got %+v %+v %+v", web, mail, c)
	}
	_, err = FromEnv(env(map[string]string{"GUICHET_ATTACH_MAX_FILE": "gros", "GUICHET_ATTACH_CHANNELS": "fax=1MB",
		"GUICHET_ATTACH_STORE": "s3", "GUICHET_TRUSTED_PROXIES": "proxy.local", "GUICHET_PORTAL_ALL_SIRET": "peut-être", "GUICHET_ATTACH_MAX_COUNT": "-1"}))
	for _, name := range []string{"GUICHET_ATTACH_MAX_FILE", "GUICHET_ATTACH_CHANNELS", "GUICHET_ATTACH_STORE",
		"GUICHET_PORTAL_ALL_SIRET", "GUICHET_ATTACH_MAX_COUNT", "GUICHET_TRUSTED_PROXIES"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}
