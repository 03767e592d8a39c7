package tender

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseNoticeTime(t *testing.T) {
	paris := Paris()
	noon := time.Date(2026, 3, 15, 12, 0, 0, 0, paris)
	tests := []struct {
		in       string
		want     time.Time
		dateOnly bool
	}{
		{"2026-03-15T12:00:00+01:00", noon, false},
		{"2026-03-15T11:00:00+00:00", noon, false},
		{"2026-03-15T11:00:00Z", noon, false},
		{"2026-03-15T11:00:00.000Z", noon, false},
		{"2026-03-15T12:00+01:00", noon, false},
		{"2026-03-15T12:00:00", noon, false}, // no zone: Paris
		{"2026-03-15 12:00", noon, false},
		{"2026-03-15 12:00:00", noon, false},
		{"15/03/2026 12:00", noon, false},
		{"15/03/2026 12h00", noon, false},
		{"15/03/2026 à 12h00", noon, false},
		{" 15/03/2026  12:00 ", noon, false},
		{"2026-07-15T12:00:00", time.Date(2026, 7, 15, 10, 0, 0, 0, time.UTC), false}, // summer: UTC+2
		{"2026-03-15", time.Date(2026, 3, 15, 0, 0, 0, 0, paris), true},
		{"15/03/2026", time.Date(2026, 3, 15, 0, 0, 0, 0, paris), true},
		{"2026-03-15+01:00", time.Date(2026, 3, 15, 0, 0, 0, 0, paris), true},
	}
	for _, tt := range tests {
		got, dateOnly, err := ParseNoticeTime(tt.in, paris)
		if err != nil || !got.Equal(tt.want) || dateOnly != tt.dateOnly {
			t.Errorf("ParseNoticeTime(%q) = %v, %v, %v; want %v, %v", tt.in, got, dateOnly, err, tt.want, tt.dateOnly)
		}
	}
}

func TestParseNoticeTimeErrors(t *testing.T) {
	for _, in := range []string{"", "nan", "NC", "2026-13-01", "31/02/2026", "2026-03-15T25:00:00", "0001-01-01", "15 mars 2026", "9999-12-31"} {
		_, _, err := ParseNoticeTime(in, Paris())
		var ie *InputError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), "date invalide : ") {
			t.Errorf("ParseNoticeTime(%q) error = %v; want *InputError", in, err)
		}
	}
}

func TestParseAmountCents(t *testing.T) {
	tests := map[string]int64{
		"38820":            3882000,
		"575000":           57500000,
		"137614.0":         13761400,
		"127835.12":        12783512,
		"44996.25":         4499625,
		"1 234 567,89":     123456789,
		"1\u202f234,5 €":   123450,
		"1.234.567,89":     123456789,
		"7000000 EUR HT":   700000000,
		"1.0e5":            10000000,
		"0":                0,
		"100000000000":     10000000000000,
		"100 000 000 000€": 10000000000000,
	}
	for in, want := range tests {
		if got, err := ParseAmountCents(in); err != nil || got != want {
			t.Errorf("ParseAmountCents(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestParseAmountCentsErrors(t *testing.T) {
	tests := map[string]string{
		"":             "aucun montant",
		"€":            "aucun montant",
		"NC":           "n'est pas un montant",
		"1.0e17":       "n'est pas vraisemblable",
		"100000000001": "n'est pas vraisemblable",
		"-5":           "négatif",
		"NaN":          "n'est pas un montant",
		"Inf":          "n'est pas un montant",
		"12 345 abc":   "n'est pas un montant",
		"1,234,567.89": "n'est pas un montant",
	}
	for in, reason := range tests {
		_, err := ParseAmountCents(in)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(ie.Reason, reason) {
			t.Errorf("ParseAmountCents(%q) error = %v; want reason containing %q", in, err, reason)
		}
	}
}

func TestGuessBuyerKind(t *testing.T) {
	tests := map[string]BuyerKind{
		"Région Auvergne-Rhône-Alpes":                       Region,
		"REGION AUVERGNE RHONE ALPES":                       Region,
		"Conseil régional de Bretagne":                      Region,
		"Département du Rhône":                              Departement,
		"Conseil départemental de l'Isère":                  Departement,
		"Ville de Paris":                                    Commune,
		"Commune de Digne":                                  Commune,
		"Mairie de Saintes":                                 Commune,
		"Centre hospitalier de Vienne":                      Hospital,
		"CHU de Grenoble":                                   Hospital,
		"Hospices civils de Lyon":                           Hospital,
		"Ministère des Armées":                              State,
		"Préfecture du Rhône":                               State,
		"Direction régionale de l'environnement (DREAL)":    State,
		"Direction départementale des territoires du Rhône": State,
		"Communauté d'Agglomération de Saintes":             OtherBuyer,
		"Villeurbanne Habitat":                              OtherBuyer,
		"UGAP":                                              OtherBuyer,
		"":                                                  OtherBuyer,
	}
	for name, want := range tests {
		if got := GuessBuyerKind(name); got != want {
			t.Errorf("GuessBuyerKind(%q) = %q; want %q", name, got, want)
		}
	}
}
