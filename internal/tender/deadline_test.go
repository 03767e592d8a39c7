package tender

import (
	"testing"
	"time"
)

func TestLastDayToAnswer(t *testing.T) {
	paris := Paris()
	dlro := time.Date(2026, 3, 15, 12, 0, 0, 0, paris)
	tests := []struct {
		name               string
		deadline           time.Time
		formalised, urgent bool
		want               time.Time
		ok                 bool
	}{
		{"formalised: 6 days", dlro, true, false, time.Date(2026, 3, 9, 12, 0, 0, 0, paris), true},
		{"urgent: 4 days", dlro, true, true, time.Date(2026, 3, 11, 12, 0, 0, 0, paris), true},
		{"MAPA: no fixed delay", dlro, false, false, time.Time{}, false},
		{"MAPA urgent: still none", dlro, false, true, time.Time{}, false},
		{"no deadline", time.Time{}, true, false, time.Time{}, false},
		// Summer time starts on 29 March 2026: the wall clock stays at 12:00.
		{"across summer time", time.Date(2026, 4, 2, 12, 0, 0, 0, paris), true, false, time.Date(2026, 3, 27, 12, 0, 0, 0, paris), true},
		{"across a month", time.Date(2026, 3, 3, 17, 30, 0, 0, paris), true, false, time.Date(2026, 2, 25, 17, 30, 0, 0, paris), true},
	}
	for _, tt := range tests {
		got, ok := LastDayToAnswer(tt.deadline, tt.formalised, tt.urgent)
		if !got.Equal(tt.want) || ok != tt.ok {
			t.Errorf("%s: LastDayToAnswer = %v, %v; want %v, %v", tt.name, got, ok, tt.want, tt.ok)
		}
	}
}

func TestIsFormalised(t *testing.T) {
	tests := map[string]bool{
		"Appel d'offres ouvert":                      true,
		"Appel d’offres restreint":                   true,
		"APPEL D'OFFRES OUVERT":                      true,
		"Procédure ouverte":                          true,
		"Procédure restreinte":                       true,
		"Procédure avec négociation":                 true,
		"Procédure concurrentielle avec négociation": true,
		"Dialogue compétitif":                        true,
		"Partenariat d'innovation":                   true,
		"AOO":                                        true,
		"open":                                       true,
		"restricted":                                 true,
		"neg-w-call":                                 true,
		"comp-dial":                                  true,
		"OUVERT":                                     true,
		"RESTREINT":                                  true,
		"Procédure adaptée":                          false,
		"Procédure adaptée ouverte":                  false,
		"Procédure adaptée restreinte":               false,
		"MAPA":                                       false,
		"PROCEDURE_ADAPTE":                           false,
		"Marché passé sans publicité ni mise en concurrence préalables": false,
		"Procédure négociée sans publicité":                             false,
		"neg-wo-call":                                                   false,
		"oth-single":                                                    false,
		"":                                                              false,
		"Concours":                                                      false,
	}
	for in, want := range tests {
		if got := IsFormalised(in); got != want {
			t.Errorf("IsFormalised(%q) = %v; want %v", in, got, want)
		}
	}
}
