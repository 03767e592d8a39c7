package config

import (
	"fmt"
	"net"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/attach"
)

// readPortal reads the variables of the companies' channels: attachment
// limits and storage, the virus scanner, the portal's reach. It returns one
// message per bad variable.
func readPortal(c *Config, getenv func(string) string) []string {
	var bad []string
	def := c.Attach.Default
	if def == (attach.Limits{}) {
		def = attach.DefaultLimits()
	}
	for _, v := range []struct {
		name string
		set  func(string) error
	}{
		{"GUICHET_ATTACH_MAX_FILE", func(s string) (err error) { def.MaxFile, err = attach.ParseSize(s); return }},
		{"GUICHET_ATTACH_MAX_MESSAGE", func(s string) (err error) { def.MaxMessage, err = attach.ParseSize(s); return }},
		{"GUICHET_ATTACH_MAX_COUNT", func(s string) error {
			n, err := strconv.Atoi(s)
			if err != nil || n < 0 {
				return fmt.Errorf("%q n'est pas un nombre de fichiers", s)
			}
			def.MaxCount = n
			return nil
		}},
	} {
		if s := strings.TrimSpace(getenv(v.name)); s != "" {
			if err := v.set(s); err != nil {
				bad = append(bad, v.name+": "+err.Error())
			}
		}
	}
	c.Attach.Default = def
	if s := getenv("GUICHET_ATTACH_CHANNELS"); strings.TrimSpace(s) != "" {
		per, err := attach.ParsePolicy(s, def)
		if err != nil {
			bad = append(bad, "GUICHET_ATTACH_CHANNELS: "+err.Error())
		}
		c.Attach.PerChannel = per
	}
	switch s := strings.TrimSpace(getenv("GUICHET_ATTACH_STORE")); s {
	case "", "disk", "database":
		c.AttachStore = s
	default:
		bad = append(bad, fmt.Sprintf("GUICHET_ATTACH_STORE: %q (disk ou database)", s))
	}
	c.ClamdAddr = strings.TrimSpace(getenv("GUICHET_CLAMD_ADDR"))
	if s := strings.TrimSpace(getenv("GUICHET_PORTAL_ALL_SIRET")); s != "" {
		b, err := strconv.ParseBool(s)
		if err != nil {
			bad = append(bad, fmt.Sprintf("GUICHET_PORTAL_ALL_SIRET: %q (true ou false)", s))
		}
		c.PortalAllSIRET = b
	}
	for _, p := range strings.Split(getenv("GUICHET_TRUSTED_PROXIES"), ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		_, _, cidrErr := net.ParseCIDR(p)
		if net.ParseIP(p) == nil && cidrErr != nil {
			bad = append(bad, fmt.Sprintf("GUICHET_TRUSTED_PROXIES: %q n'est ni une adresse IP ni une plage CIDR", p))
			continue
		}
		c.TrustedProxies = append(c.TrustedProxies, p)
	}
	return bad
}
