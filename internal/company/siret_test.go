package company

import (
	"errors"
	"strings"
	"testing"
)

// Real SIRETs (from the public SIRENE directory) and La Poste numbers built
// for the sum-of-digits rule.
func TestValidSIRET(t *testing.T) {
	tests := []struct {
		siret string
		want  bool
	}{
		{"44306184100047", true},
		{"73282932000074", true},
		{"35600000000048", true},  // La Poste head office: Luhn, digit sum 26
		{"35600000000001", true},  // La Poste: sum 15, fails Luhn
		{"35600000000010", true},  // sum 15, fails Luhn
		{"35600000000056", true},  // sum 25, fails Luhn
		{"35600000000006", true},  // sum 20, passes Luhn too
		{"35600000000014", false}, // passes Luhn, sum 19: the La Poste rule wins
		{"35600000000002", false}, // sum 16, fails Luhn
		{"44306184100048", false}, // wrong key
		{"73282932000075", false},
		{"44306184200047", false},
		{"12345678901234", false},
		{"00000000000000", true}, // Luhn accepts zeros; SIRENE never issues them
		{"4430618410004", false},
		{"443061841000470", false},
		{"443061841", false},
		{"", false},
		{"4430618410004A", false},
		{"443 061 841 00047", false}, // ValidSIRET wants bare digits
		{"４４３０６１８４１０００４７", false},
	}
	for _, tt := range tests {
		if got := ValidSIRET(tt.siret); got != tt.want {
			t.Errorf("ValidSIRET(%q) = %v; want %v", tt.siret, got, tt.want)
		}
	}
}

func TestValidSIRETNeedsValidSIREN(t *testing.T) {
	// Some 443061842xxxxx numbers pass Luhn over 14 digits, but their SIREN
	// 443061842 does not: no such SIRET can exist.
	s := "443061842000"
	for nic := 0; nic < 100; nic++ {
		siret := s + string(rune('0'+nic/10)) + string(rune('0'+nic%10))
		if luhn(siret) && ValidSIRET(siret) {
			t.Fatalf("ValidSIRET(%q) = true with invalid SIREN", siret)
		}
	}
}

func TestValidSIREN(t *testing.T) {
	tests := []struct {
		siren string
		want  bool
	}{
		{"443061841", true},
		{"732829320", true},
		{"356000000", true}, // La Poste's SIREN follows Luhn
		{"443061842", false},
		{"44306184", false},
		{"4430618410", false},
		{"44306184A", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidSIREN(tt.siren); got != tt.want {
			t.Errorf("ValidSIREN(%q) = %v; want %v", tt.siren, got, tt.want)
		}
	}
}

func TestNormalizeSIRET(t *testing.T) {
	tests := []struct{ in, want string }{
		{"44306184100047", "44306184100047"},
		{"443 061 841 00047", "44306184100047"},
		{" 443\u00a0061\u00a0841\u00a000047 ", "44306184100047"},
		{"443\u202f061\u202f841\u202f00047", "44306184100047"},
		{"443.061.841.00047", "44306184100047"},
		{"443-061-841-00047", "44306184100047"},
		{"356 000 000 00001", "35600000000001"},
	}
	for _, tt := range tests {
		got, err := NormalizeSIRET(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeSIRET(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeIDErrors(t *testing.T) {
	tests := []struct {
		norm    func(string) (string, error)
		in, msg string
	}{
		{NormalizeSIRET, "443 061 841 00048", "SIRET invalide : la clé de contrôle ne correspond pas (443 061 841 00048)"},
		{NormalizeSIRET, "443 061 841 000", "SIRET invalide : 14 chiffres attendus, 12 reçus"},
		{NormalizeSIRET, "443 061 841", "SIRET invalide : 14 chiffres attendus, 9 reçus : c'est sans doute un SIREN"},
		{NormalizeSIRET, "443 O61 841 00047", "SIRET invalide : seuls des chiffres sont attendus (« 443 O61 841 00047 »)"},
		{NormalizeSIRET, "  ", "SIRET invalide : aucun numéro saisi"},
		{NormalizeSIRET, "443_061_841_00047", "SIRET invalide : seuls des chiffres"},
		{NormalizeSIRET, strings.Repeat("x", 50), "…"},
		{NormalizeSIREN, "443 061 842", "SIREN invalide : la clé de contrôle ne correspond pas (443 061 842)"},
		{NormalizeSIREN, "44306184100047", "SIREN invalide : 9 chiffres attendus, 14 reçus : c'est sans doute un SIRET"},
	}
	for _, tt := range tests {
		got, err := tt.norm(tt.in)
		var ie *IDError
		if !errors.As(err, &ie) {
			t.Errorf("normalize(%q) = %q, %v; want *IDError", tt.in, got, err)
			continue
		}
		if !strings.HasPrefix(err.Error(), tt.msg) && !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("normalize(%q) error = %q; want %q", tt.in, err.Error(), tt.msg)
		}
		if ie.Input != tt.in {
			t.Errorf("normalize(%q) Input = %q", tt.in, ie.Input)
		}
	}
}

func TestNormalizeSIREN(t *testing.T) {
	got, err := NormalizeSIREN(" 732.829.320 ")
	if err != nil || got != "732829320" {
		t.Errorf("NormalizeSIREN = %q, %v", got, err)
	}
}

func TestSIRENOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"44306184100047", "443061841"},
		{"443061841", "443061841"},
		{"4430618", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := SIRENOf(tt.in); got != tt.want {
			t.Errorf("SIRENOf(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
