package config

import (
	"strings"
	"testing"
)

func TestRetentionFromEnv(t *testing.T) {
	for v, want := range map[string]Retention{"": {Years: 3}, "5": {Years: 5}, "off": {Years: 3, Off: true}} {
		c, err := FromEnv(env(map[string]string{"GUICHET_RETENTION_YEARS": v}))
		if err != nil || c.Retention != want {
			t.Errorf("%q: %+v %v", v, c.Retention, err)
		}
	}
	for _, v := range []string{"0", "trois", "99"} {
		if _, err := FromEnv(env(map[string]string{"GUICHET_RETENTION_YEARS": v})); err == nil ||
			!strings.Contains(err.Error(), "GUICHET_RETENTION_YEARS") {
			t.Errorf("%q accepted: %v", v, err)
		}
	}
}
