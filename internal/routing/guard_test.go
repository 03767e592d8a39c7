package routing

import (
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/tender"
)

// TestGuardDeadlines is the guard's table: the DLRO of 15 March 2027 at 12:00
// (Paris) gives a last day to answer of 9 March 12:00 (6 days, R2132-6), or
// 11 March when the offer period was shortened for urgency; MAPA has none.
func TestGuardDeadlines(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	dlro := time.Date(2027, 3, 15, 12, 0, 0, 0, paris)
	day := func(d, h int) time.Time { return time.Date(2027, 3, d, h, 0, 0, 0, paris) }
	aoo := &tender.Consultation{Reference: "2027-REG-001", Procedure: "Appel d'offres ouvert", Deadline: dlro, Status: tender.Open}
	urgent := *aoo
	urgent.Urgent = true
	mapa := *aoo
	mapa.Procedure = "Procédure adaptée"
	cases := []struct {
		name                       string
		topic                      string
		c                          *tender.Consultation
		own                        bool
		now                        time.Time
		flagged, publish, redirect bool
		lastDay                    time.Time
		warn, passed, formalised   bool
	}{
		{"own AOO, early", "dce", aoo, true, day(1, 10), true, true, false, day(9, 12), false, false, true},
		{"own AOO, two days before the last day", "dce", aoo, true, day(7, 12), true, true, false, day(9, 12), true, false, true},
		{"own AOO, last day passed", "dce", aoo, true, day(9, 12), true, true, false, day(9, 12), false, true, true},
		{"urgent: four days", "dce", &urgent, true, day(1, 10), true, true, false, day(11, 12), false, false, true},
		{"MAPA: no fixed delay", "dce", &mapa, true, day(14, 10), true, true, false, time.Time{}, false, false, false},
		{"another buyer: redirect", "dce", aoo, false, day(1, 10), true, false, true, day(9, 12), false, false, true},
		{"not the DCE", "paiement", aoo, true, day(1, 10), false, false, false, time.Time{}, false, false, false},
		{"consultation closed (past DLRO)", "dce", aoo, true, day(15, 12), false, false, false, time.Time{}, false, false, false},
		{"no consultation", "dce", nil, true, day(1, 10), false, false, false, time.Time{}, false, false, false},
	}
	for _, c := range cases {
		g := CheckGuard(GuardFacts{Topic: c.topic, Consultation: c.c, Own: c.own, QAURL: "https://qr.example", Now: c.now,
			WarnBefore: 48 * time.Hour})
		if g.Flagged != c.flagged || g.Publish != c.publish || g.Redirect != c.redirect || !g.LastDay.Equal(c.lastDay) ||
			g.Warn != c.warn || g.Passed != c.passed || g.Formalised != c.formalised {
			t.Errorf("%s: %+v", c.name, g)
		}
		if c.flagged && !g.Deadline.Equal(dlro) {
			t.Errorf("%s: DLRO %v", c.name, g.Deadline)
		}
	}
}

func TestQAValidate(t *testing.T) {
	if err := (QA{ConsultationRef: "R", Question: "Q ?", Answer: "R."}).Validate(); err != nil {
		t.Fatal(err)
	}
	got := fieldMessages(t, QA{Question: " ", Answer: strings.Repeat("a", MaxQAText+1)}.Validate())
	if got["question"] != "la question est obligatoire" || !strings.Contains(got["answer"], "trop longue") ||
		got["consultation_ref"] == "" {
		t.Errorf("%v", got)
	}
}
