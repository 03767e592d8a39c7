// Package config is Guichet's configuration: one struct, its defaults, and how it
// is read from the environment. Flags of the CLI override the environment; the
// environment overrides the defaults. Every variable is listed in the README.
package config

import (
	"fmt"
	"log/slog"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/tender"
)

// Config is everything an instance needs to start.
type Config struct {
	// DataDir holds the SQLite database (and, later, attachments) — GUICHET_DATA_DIR.
	DataDir string
	// DatabaseURL selects PostgreSQL instead of SQLite — GUICHET_DATABASE_URL.
	DatabaseURL string
	// Addr is the listen address — GUICHET_ADDR.
	Addr string
	// BaseURL is the public URL, used in links sent to companies — GUICHET_BASE_URL.
	BaseURL string
	// Territory is the list of départements whose companies count as local —
	// GUICHET_TERRITORY (e.g. "01,03,07,15,26,38,42,43,63,69,73,74") and
	// GUICHET_TERRITORY_NAME.
	Territory company.Territory
	// Services sends a consultation to a thematic service by the division of its
	// main CPV code — GUICHET_CPV_SERVICES, e.g. "45,71=travaux;34,60=mobilite;*=fournitures_services".
	Services tender.ServiceTable
	// MaxBodyBytes bounds a request body of the API — GUICHET_MAX_BODY_BYTES.
	MaxBodyBytes int64
	// LogLevel is debug, info, warn or error — GUICHET_LOG_LEVEL.
	LogLevel slog.Level
	// PBXOriginateURL is the switchboard's click-to-call URL, a template with
	// {from_extension}, {to} and {to_national} — GUICHET_PBX_ORIGINATE_URL.
	PBXOriginateURL string
	// Attach bounds attachments, per channel — GUICHET_ATTACH_MAX_FILE,
	// GUICHET_ATTACH_MAX_MESSAGE, GUICHET_ATTACH_MAX_COUNT, GUICHET_ATTACH_CHANNELS.
	Attach attach.Policy
	// AttachStore is where attachment contents go: "disk" (DataDir/attachments)
	// or "database"; empty means disk on SQLite, database on PostgreSQL —
	// GUICHET_ATTACH_STORE.
	AttachStore string
	// ClamdAddr is ClamAV's daemon (host:port or a Unix socket path); empty
	// means no virus scan — GUICHET_CLAMD_ADDR.
	ClamdAddr string
	// PortalAllSIRET lets a company contact follow every request of its
	// establishment in the portal, not only its own — GUICHET_PORTAL_ALL_SIRET.
	PortalAllSIRET bool
	// TrustedProxies are the reverse proxies (addresses or CIDR ranges) whose
	// X-Forwarded-For names the client, for the public pages' rate limits —
	// GUICHET_TRUSTED_PROXIES, comma-separated.
	TrustedProxies []string
	// Mail is e-mail in and out — GUICHET_SMTP_URL, GUICHET_MAIL_FROM,
	// GUICHET_MAIL_REPLY_TO, GUICHET_MAIL_DOMAIN, GUICHET_IMAP_URLS (mail.go).
	Mail Mail
	// Reports are the satisfaction surveys and the weekly report —
	// GUICHET_SURVEY_DELAY, GUICHET_SURVEY_SHARE, GUICHET_SURVEY_VALIDITY,
	// GUICHET_REPORT_TIME (reports.go).
	Reports Reports
	// OIDC is the workspace's single sign-on — GUICHET_OIDC_* (oidc.go).
	OIDC OIDC
	// Retention is how long closed requests keep their personal data —
	// GUICHET_RETENTION_YEARS (retention.go).
	Retention Retention
}

// Defaults returns the configuration of a fresh installation.
func Defaults() Config {
	return Config{
		DataDir:      "data",
		Addr:         "127.0.0.1:8080",
		Territory:    company.DefaultTerritory(),
		Services:     tender.DefaultServiceTable(),
		MaxBodyBytes: 1 << 20,
		LogLevel:     slog.LevelInfo,
		Attach:       attach.DefaultPolicy(),
		Reports:      DefaultReports(),
	}
}

// FromEnv reads the configuration from the environment through getenv (os.Getenv
// in production, a map in tests), on top of the defaults.
func FromEnv(getenv func(string) string) (Config, error) {
	c := Defaults()
	set := func(dst *string, name string) {
		if v := strings.TrimSpace(getenv(name)); v != "" {
			*dst = v
		}
	}
	set(&c.DataDir, "GUICHET_DATA_DIR")
	set(&c.DatabaseURL, "GUICHET_DATABASE_URL")
	set(&c.Addr, "GUICHET_ADDR")
	set(&c.BaseURL, "GUICHET_BASE_URL")
	var errs []string
	if v := getenv("GUICHET_TERRITORY"); v != "" {
		name := getenv("GUICHET_TERRITORY_NAME")
		if name == "" {
			name = "Territoire"
		}
		t, err := company.ParseTerritory(name, v)
		if err != nil {
			errs = append(errs, "GUICHET_TERRITORY: "+err.Error())
		}
		c.Territory = t
	}
	if v := getenv("GUICHET_CPV_SERVICES"); v != "" {
		t, err := tender.ParseServiceTable(v)
		if err != nil {
			errs = append(errs, "GUICHET_CPV_SERVICES: "+err.Error())
		}
		c.Services = t
	}
	if v := getenv("GUICHET_MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			errs = append(errs, fmt.Sprintf("GUICHET_MAX_BODY_BYTES: %q n'est pas un nombre d'octets ≥ 1024", v))
		}
		c.MaxBodyBytes = n
	}
	if v := getenv("GUICHET_LOG_LEVEL"); v != "" {
		if err := c.LogLevel.UnmarshalText([]byte(v)); err != nil {
			errs = append(errs, fmt.Sprintf("GUICHET_LOG_LEVEL: %q (debug, info, warn ou error)", v))
		}
	}
	if v := getenv("GUICHET_PBX_ORIGINATE_URL"); v != "" {
		if !strings.Contains(v, "{to}") && !strings.Contains(v, "{to_national}") || !strings.HasPrefix(v, "http") {
			errs = append(errs, fmt.Sprintf("GUICHET_PBX_ORIGINATE_URL: %q (une adresse http(s) avec {to} ou {to_national})", v))
		}
		c.PBXOriginateURL = v
	}
	errs = append(errs, readPortal(&c, getenv)...)
	errs = append(errs, readMail(&c, getenv)...) // mail.go
	errs = append(errs, readReports(&c, getenv)...)
	errs = append(errs, readOIDC(&c, getenv)...) // oidc.go
	errs = append(errs, readRetention(&c, getenv)...)
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if len(errs) > 0 {
		return c, fmt.Errorf("configuration invalide :\n  %s", strings.Join(errs, "\n  "))
	}
	return c, nil
}
