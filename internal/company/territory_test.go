package company

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestDepartementFromCommune(t *testing.T) {
	tests := []struct{ code, want string }{
		{"69123", "69"}, // Lyon
		{"69381", "69"}, // Lyon 1er arrondissement
		{"01053", "01"}, // Bourg-en-Bresse
		{"75056", "75"},
		{"95127", "95"},
		{"2A004", "2A"}, // Ajaccio
		{"2B033", "2B"}, // Bastia
		{"2a004", "2A"},
		{" 38185 ", "38"},
		{"97105", "971"}, // Basse-Terre
		{"97209", "972"}, // Fort-de-France
		{"97302", "973"}, // Cayenne
		{"97411", "974"}, // Saint-Denis
		{"97502", "975"}, // Saint-Pierre
		{"97611", "976"}, // Mamoudzou
	}
	for _, tt := range tests {
		got, err := DepartementFromCommune(tt.code)
		if err != nil || got != tt.want {
			t.Errorf("DepartementFromCommune(%q) = %q, %v; want %q", tt.code, got, err, tt.want)
		}
	}
}

func TestDepartementFromCommuneErrors(t *testing.T) {
	tests := []struct{ code, reason string }{
		{"", "5 caractères attendus, 0 reçus"},
		{"6912", "5 caractères attendus, 4 reçus"},
		{"691234", "5 caractères attendus, 6 reçus"},
		{"20004", "2A ou 2B"},
		{"2C004", "il faut 5 chiffres"},
		{"2A0O4", "il faut 5 chiffres"},
		{"ABCDE", "il faut 5 chiffres"},
		{"00123", "aucun département"},
		{"96001", "aucun département"},
		{"97701", "outre-mer"}, // Saint-Barthélemy, a collectivité
		{"98735", "outre-mer"}, // Polynésie française
		{"6912é", "il faut 5 chiffres"},
		{"6912éé", "5 caractères attendus, 6 reçus"},
	}
	for _, tt := range tests {
		got, err := DepartementFromCommune(tt.code)
		var ie *IDError
		if !errors.As(err, &ie) || got != "" {
			t.Errorf("DepartementFromCommune(%q) = %q, %v; want *IDError", tt.code, got, err)
			continue
		}
		if !strings.Contains(ie.Reason, tt.reason) || ie.Field != "code commune" {
			t.Errorf("DepartementFromCommune(%q) error = %q; want it to contain %q", tt.code, err, tt.reason)
		}
	}
}

func TestValidDepartement(t *testing.T) {
	valid := []string{"01", "09", "19", "21", "2A", "2B", "69", "95", "971", "974", "976"}
	invalid := []string{"", "0", "1", "00", "20", "2a", "2C", "96", "99", "970", "977", "978", "988", "9A", "069", "01 "}
	for _, d := range valid {
		if !ValidDepartement(d) {
			t.Errorf("ValidDepartement(%q) = false", d)
		}
	}
	for _, d := range invalid {
		if ValidDepartement(d) {
			t.Errorf("ValidDepartement(%q) = true", d)
		}
	}
}

func TestDefaultTerritory(t *testing.T) {
	a, b := DefaultTerritory(), DefaultTerritory()
	a.Departements[0] = "75"
	if b.Departements[0] != "01" || DefaultTerritory().Departements[0] != "01" {
		t.Error("DefaultTerritory shares its slice between calls")
	}
	for _, d := range b.Departements {
		if !ValidDepartement(d) {
			t.Errorf("default territory holds invalid %q", d)
		}
	}
	if len(b.Departements) != 12 || b.Name != "Auvergne-Rhône-Alpes" {
		t.Errorf("DefaultTerritory() = %+v", b)
	}
}

func TestTerritoryContains(t *testing.T) {
	ara := DefaultTerritory()
	tests := []struct {
		dep  string
		want bool
	}{
		{"69", true}, {"01", true}, {"1", true}, {" 74 ", true},
		{"75", false}, {"2A", false}, {"974", false}, {"", false}, {"6", false},
	}
	for _, tt := range tests {
		if got := ara.Contains(tt.dep); got != tt.want {
			t.Errorf("Contains(%q) = %v; want %v", tt.dep, got, tt.want)
		}
	}
	corse := Territory{Name: "Corse", Departements: []string{"2A", "2B"}}
	if !corse.Contains("2a") || corse.Contains("20") {
		t.Error("Corsica territory")
	}
	if (Territory{}).Contains("69") {
		t.Error("empty territory contains 69")
	}
}

func TestParseTerritory(t *testing.T) {
	tests := []struct {
		csv  string
		want []string
	}{
		{"01,03,07", []string{"01", "03", "07"}},
		{" 01, 03 ,07, ", []string{"01", "03", "07"}},
		{"1;3;7", []string{"01", "03", "07"}},
		{"2a 2b", []string{"2A", "2B"}},
		{"974,976,974", []string{"974", "976"}},
		{"01,03,07,15,26,38,42,43,63,69,73,74", DefaultTerritory().Departements},
	}
	for _, tt := range tests {
		got, err := ParseTerritory(" Ma région ", tt.csv)
		if err != nil || got.Name != "Ma région" || !slices.Equal(got.Departements, tt.want) {
			t.Errorf("ParseTerritory(%q) = %+v, %v; want %v", tt.csv, got, err, tt.want)
		}
	}
}

func TestParseTerritoryErrors(t *testing.T) {
	tests := []struct{ name, csv, msg string }{
		{"ARA", "01,20,03", "département invalide : 20 n'est plus un département"},
		{"ARA", "01,99", "département invalide : aucun département ne porte le code « 99 »"},
		{"ARA", "01,977", "département invalide : « 977 » n'est pas un département d'outre-mer"},
		{"ARA", "01,x", "département invalide"},
		{"ARA", "", "territoire invalide : « ARA » ne liste aucun département"},
		{"ARA", " , ;", "territoire invalide : « ARA » ne liste aucun département"},
		{"  ", "01", "territoire invalide : il faut lui donner un nom"},
	}
	for _, tt := range tests {
		_, err := ParseTerritory(tt.name, tt.csv)
		var ie *IDError
		if !errors.As(err, &ie) || !strings.HasPrefix(err.Error(), tt.msg) {
			t.Errorf("ParseTerritory(%q, %q) error = %v; want %q", tt.name, tt.csv, err, tt.msg)
		}
	}
}

func TestCompanyLocal(t *testing.T) {
	ara := DefaultTerritory()
	tests := []struct {
		name string
		c    Company
		want bool
	}{
		{"Lyon", Company{Departement: "69", CommuneCode: "69123"}, true},
		{"Paris", Company{Departement: "75", CommuneCode: "75056"}, false},
		{"département from commune", Company{CommuneCode: "38185"}, true},
		{"département wins over commune", Company{Departement: "75", CommuneCode: "69123"}, false},
		{"unknown", Company{}, false},
		{"bad commune", Company{CommuneCode: "69"}, false},
		{"overseas", Company{CommuneCode: "97411"}, false},
	}
	for _, tt := range tests {
		if got := tt.c.Local(ara); got != tt.want {
			t.Errorf("%s: Local = %v; want %v", tt.name, got, tt.want)
		}
	}
	reunion := Territory{Name: "La Réunion", Departements: []string{"974"}}
	if !(Company{CommuneCode: "97411"}).Local(reunion) {
		t.Error("Saint-Denis is not local to La Réunion")
	}
}
