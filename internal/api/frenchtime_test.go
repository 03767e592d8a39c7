package api

import (
	"testing"
	"time"
)

func TestParisDateTime(t *testing.T) {
	cases := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 14, 11, 0, 0, 0, time.UTC), "lundi 14 décembre 2026 à 12 h 00"}, // winter: UTC+1
		{time.Date(2027, 6, 1, 7, 5, 0, 0, time.UTC), "mardi 1er juin 2027 à 9 h 05"},        // summer: UTC+2
		{time.Date(2027, 3, 28, 0, 30, 0, 0, time.UTC), "dimanche 28 mars 2027 à 1 h 30"},    // just before the change
		{time.Date(2027, 3, 28, 1, 30, 0, 0, time.UTC), "dimanche 28 mars 2027 à 3 h 30"},    // just after
		{time.Date(2026, 8, 15, 22, 0, 0, 0, time.UTC), "dimanche 16 août 2026 à 0 h 00"},    // the next day in Paris
		{time.Date(2026, 2, 1, 12, 0, 0, 0, time.FixedZone("NYC", -5*3600)), "dimanche 1er février 2026 à 18 h 00"},
	}
	for _, c := range cases {
		if got := parisDateTime(c.at); got == nil || *got != c.want {
			t.Errorf("parisDateTime(%s) = %v, want %q", c.at, deref(got), c.want)
		}
	}
	if got := parisDateTime(time.Time{}); got != nil {
		t.Errorf("the zero time gives %q, want nil", *got)
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
