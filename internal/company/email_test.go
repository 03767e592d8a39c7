package company

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct{ in, want string }{
		{"contact@exemple.fr", "contact@exemple.fr"},
		{"  Jean.Dupont@Exemple.FR  ", "Jean.Dupont@exemple.fr"},
		{"\u00a0marches@ville-lyon.fr\u202f", "marches@ville-lyon.fr"},
		{"a.b+marches@sous.domaine.gouv.fr", "a.b+marches@sous.domaine.gouv.fr"},
		{"élise@exemple.fr", "élise@exemple.fr"},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeEmailErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "aucune adresse"},
		{"   ", "aucune adresse"},
		{"jean.dupont", "il manque le « @ »"},
		{"jean@localhost", "doit contenir un point"},
		{"jean@exemple.", "forme attendue"},
		{"jean@.exemple.fr", "forme attendue"},
		{"jean@exemple..fr", "forme attendue"},
		{"jean@[192.0.2.1]", "forme attendue"},
		{"Jean Dupont <jean@exemple.fr>", "sans nom ni chevrons"},
		{"<jean@exemple.fr>", "sans nom ni chevrons"},
		{"a@exemple.fr, b@exemple.fr", "une seule adresse"},
		{"a@exemple.fr; b@exemple.fr", "une seule adresse"},
		{"jean dupont@exemple.fr", "forme attendue"},
		{"jean@exemple.fr (bureau)", "forme attendue"},
		{`"jean dupont"@exemple.fr`, "forme attendue"},
		{"@exemple.fr", "forme attendue"},
		{"jean@", "forme attendue"},
		{"jean@@exemple.fr", "forme attendue"},
		{strings.Repeat("a", 250) + "@exemple.fr", "trop longue"},
	}
	for _, tt := range tests {
		got, err := NormalizeEmail(tt.in)
		var ie *IDError
		if !errors.As(err, &ie) || got != "" {
			t.Errorf("NormalizeEmail(%q) = %q, %v; want *IDError", tt.in, got, err)
			continue
		}
		if !strings.Contains(ie.Reason, tt.reason) || !strings.HasPrefix(err.Error(), "adresse e-mail invalide : ") {
			t.Errorf("NormalizeEmail(%q) error = %q; want it to contain %q", tt.in, err, tt.reason)
		}
	}
}
