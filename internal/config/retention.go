package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Retention is how long closed requests keep their personal data before the
// daily job anonymises them — GUICHET_RETENTION_YEARS: a number of years
// (default 3, what the public form's privacy notice announces) or "off".
type Retention struct {
	Years int
	Off   bool
}

// readRetention reads GUICHET_RETENTION_YEARS.
func readRetention(c *Config, getenv func(string) string) []string {
	v := strings.TrimSpace(getenv("GUICHET_RETENTION_YEARS"))
	c.Retention = Retention{Years: 3}
	switch n, err := strconv.Atoi(v); {
	case v == "":
	case strings.EqualFold(v, "off"):
		c.Retention.Off = true
	case err != nil || n < 1 || n > 50:
		return []string{fmt.Sprintf("GUICHET_RETENTION_YEARS: %q (un nombre d'années de 1 à 50, ou off)", v)}
	default:
		c.Retention.Years = n
	}
	return nil
}
