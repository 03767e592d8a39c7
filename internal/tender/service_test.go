package tender

import (
	"errors"
	"reflect"
	"strings"
	"testing"
)

func TestDefaultServiceTable(t *testing.T) {
	tab := DefaultServiceTable()
	tests := map[string]string{
		"45112500-0": "travaux", "71000000-8": "travaux",
		"72000000-5": "prestations_intellectuelles", "48000000-8": "prestations_intellectuelles",
		"30200000-1": "prestations_intellectuelles", "32000000-3": "prestations_intellectuelles",
		"79000000-4": "prestations_intellectuelles", "80000000-4": "prestations_intellectuelles",
		"34000000-7": "mobilite", "60000000-8": "mobilite",
		"09310000-5": "fournitures_services", "90000000-7": "fournitures_services",
		"50118110": "fournitures_services", "": "fournitures_services", "xx": "fournitures_services",
		"45": "travaux",
	}
	for cpv, want := range tests {
		if got := tab.ServiceFor(cpv); got != want {
			t.Errorf("ServiceFor(%q) = %q; want %q", cpv, got, want)
		}
	}
	tab.Divisions["45"] = "changed"
	if DefaultServiceTable().Divisions["45"] != "travaux" {
		t.Error("DefaultServiceTable shares its map between calls")
	}
}

func TestParseServiceTable(t *testing.T) {
	tests := []struct {
		in   string
		want ServiceTable
	}{
		{
			"45,71=travaux;72,48=prestations_intellectuelles;*=fournitures_services",
			ServiceTable{Divisions: map[string]string{"45": "travaux", "71": "travaux",
				"72": "prestations_intellectuelles", "48": "prestations_intellectuelles"}, Default: "fournitures_services"},
		},
		{" 45 , 71 = travaux ;\n*=autres ; ", ServiceTable{Divisions: map[string]string{"45": "travaux", "71": "travaux"}, Default: "autres"}},
		{"*=cellule", ServiceTable{Divisions: map[string]string{}, Default: "cellule"}},
		{"34=mobilite;60=mobilite;*=fs", ServiceTable{Divisions: map[string]string{"34": "mobilite", "60": "mobilite"}, Default: "fs"}},
	}
	for _, tt := range tests {
		got, err := ParseServiceTable(tt.in)
		if err != nil {
			t.Errorf("ParseServiceTable(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseServiceTable(%q) = %+v; want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseServiceTableErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "il manque le service par défaut"},
		{"45=travaux", "il manque le service par défaut"},
		{"45 travaux;*=fs", "n'a pas de « = »"},
		{"45=;*=fs", "n'est pas un identifiant de service"},
		{"45=Travaux Publics;*=fs", "n'est pas un identifiant de service"},
		{"4=travaux;*=fs", "« 4 » n'est pas une division CPV"},
		{"45000000=travaux;*=fs", "n'est pas une division CPV"},
		{"45,,71=travaux;*=fs", "«  » n'est pas une division CPV"},
		{"45=travaux;45=mobilite;*=fs", "la division 45 est déjà envoyée à « travaux »"},
		{"*=a;*=b", "donné deux fois"},
	}
	for _, tt := range tests {
		_, err := ParseServiceTable(tt.in)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), tt.reason) {
			t.Errorf("ParseServiceTable(%q) error = %v; want *InputError containing %q", tt.in, err, tt.reason)
		}
	}
}

func TestServiceTableStringRoundTrips(t *testing.T) {
	def := DefaultServiceTable()
	s := def.String()
	if want := "34,60=mobilite;30,32,48,72,79,80=prestations_intellectuelles;45,71=travaux;*=fournitures_services"; s != want {
		t.Errorf("String() = %q; want %q (services sorted, default last)", s, want)
	}
	back, err := ParseServiceTable(s)
	if err != nil || !reflect.DeepEqual(back, def) {
		t.Errorf("ParseServiceTable(String()) = %+v, %v; want %+v", back, err, def)
	}
}
