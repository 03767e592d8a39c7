package config

import (
	"strings"
	"testing"
	"time"
)

func TestReportsFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := FromEnv(env(nil))
	if err != nil || c.Reports != DefaultReports() || c.Reports.SurveyShare != 100 || c.Reports.WeeklyAt != 7*time.Hour+30*time.Minute {
		t.Fatalf("defaults: %+v %v", c.Reports, err)
	}
	c, err = FromEnv(env(map[string]string{"GUICHET_SURVEY_DELAY": "90m", "GUICHET_SURVEY_SHARE": "25%",
		"GUICHET_SURVEY_VALIDITY": "336h", "GUICHET_REPORT_TIME": "08:15"}))
	if err != nil || c.Reports.SurveyDelay != 90*time.Minute || c.Reports.SurveyShare != 25 ||
		c.Reports.SurveyValidity != 14*24*time.Hour || c.Reports.WeeklyAt != 8*time.Hour+15*time.Minute {
		t.Fatalf("set: %+v %v", c.Reports, err)
	}
	if c, err := FromEnv(env(map[string]string{"GUICHET_REPORT_TIME": "off"})); err != nil || !c.Reports.WeeklyOff {
		t.Errorf("off: %+v %v", c.Reports, err)
	}
	_, err = FromEnv(env(map[string]string{"GUICHET_SURVEY_DELAY": "demain", "GUICHET_SURVEY_SHARE": "120",
		"GUICHET_SURVEY_VALIDITY": "10m", "GUICHET_REPORT_TIME": "7h30"}))
	for _, name := range []string{"GUICHET_SURVEY_DELAY", "GUICHET_SURVEY_SHARE", "GUICHET_SURVEY_VALIDITY", "GUICHET_REPORT_TIME"} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("bad %s not reported: %v", name, err)
		}
	}
}
