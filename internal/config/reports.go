package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Reports configures the satisfaction surveys and the weekly report.
type Reports struct {
	// SurveyDelay is how long after a request is resolved its survey is sent —
	// GUICHET_SURVEY_DELAY (a Go duration: "24h", "90m"; default 24h).
	SurveyDelay time.Duration
	// SurveyShare is the percentage of resolved requests surveyed, 0 to 100 —
	// GUICHET_SURVEY_SHARE (default 100; 0 turns surveys off). The choice is a
	// hash of the request, so that it is the same on every instance.
	SurveyShare int
	// SurveyValidity is how long the survey's links work — GUICHET_SURVEY_VALIDITY
	// (default 672h, 28 days).
	SurveyValidity time.Duration
	// WeeklyAt is when, on Mondays (Europe/Paris), the weekly report is mailed to
	// the supervisors — GUICHET_REPORT_TIME ("07:30", default; "off" turns it off).
	WeeklyAt time.Duration
	// WeeklyOff turns the weekly mail off.
	WeeklyOff bool
}

// DefaultReports is the reports' configuration of a fresh installation.
func DefaultReports() Reports {
	return Reports{SurveyDelay: 24 * time.Hour, SurveyShare: 100, SurveyValidity: 28 * 24 * time.Hour,
		WeeklyAt: 7*time.Hour + 30*time.Minute}
}

// readReports reads the GUICHET_SURVEY_* and GUICHET_REPORT_TIME variables.
func readReports(c *Config, getenv func(string) string) []string {
	var errs []string
	duration := func(dst *time.Duration, name string, least time.Duration) {
		v := strings.TrimSpace(getenv(name))
		if v == "" {
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d < least {
			errs = append(errs, fmt.Sprintf("%s: %q n'est pas une durée d'au moins %v (par exemple 24h)", name, v, least))
			return
		}
		*dst = d
	}
	duration(&c.Reports.SurveyDelay, "GUICHET_SURVEY_DELAY", 0)
	duration(&c.Reports.SurveyValidity, "GUICHET_SURVEY_VALIDITY", time.Hour)
	if v := strings.TrimSpace(getenv("GUICHET_SURVEY_SHARE")); v != "" {
		n, err := strconv.Atoi(strings.TrimSuffix(v, "%"))
		if err != nil || n < 0 || n > 100 {
			errs = append(errs, fmt.Sprintf("GUICHET_SURVEY_SHARE: %q n'est pas un pourcentage de 0 à 100", v))
		} else {
			c.Reports.SurveyShare = n
		}
	}
	if v := strings.TrimSpace(getenv("GUICHET_REPORT_TIME")); v != "" {
		if v == "off" {
			c.Reports.WeeklyOff = true
		} else if t, err := time.Parse("15:04", v); err != nil {
			errs = append(errs, fmt.Sprintf("GUICHET_REPORT_TIME: %q n'est pas une heure HH:MM (ou off)", v))
		} else {
			c.Reports.WeeklyAt = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
		}
	}
	return errs
}
