package company

import (
	"errors"
	"testing"
)

func TestSizeFromINSEE(t *testing.T) {
	tests := []struct {
		tranche, categorie string
		want               Size
	}{
		// Every bracket, without a category: the bracket decides.
		{"NN", "", TPE}, {"00", "", TPE}, {"01", "", TPE}, {"02", "", TPE}, {"03", "", TPE},
		{"11", "", PME}, {"12", "", PME}, {"21", "", PME}, {"22", "", PME}, {"31", "", PME},
		{"32", "", ETI}, {"41", "", ETI}, {"42", "", ETI}, {"51", "", ETI},
		{"52", "", GE}, {"53", "", GE},
		// INSEE files micro-enterprises under PME: the bracket makes them TPE.
		{"NN", "PME", TPE}, {"00", "PME", TPE}, {"01", "PME", TPE}, {"02", "PME", TPE}, {"03", "PME", TPE},
		{"11", "PME", PME}, {"31", "PME", PME},
		// The category counts the group: it wins over the unit's own bracket.
		{"32", "PME", PME},
		{"03", "ETI", ETI}, {"NN", "GE", GE}, {"21", "ETI", ETI}, {"53", "ETI", ETI}, {"12", "GE", GE},
		// Blank or unknown.
		{"", "PME", PME}, {"", "ETI", ETI}, {"", "GE", GE},
		{"", "", SizeUnknown}, {"99", "", SizeUnknown}, {"", "XYZ", SizeUnknown}, {"7", "", SizeUnknown},
		// Case and spaces from CSV cells.
		{" nn ", "", TPE}, {"11", " pme ", PME}, {"", "ge", GE},
	}
	for _, tt := range tests {
		if got := SizeFromINSEE(tt.tranche, tt.categorie); got != tt.want {
			t.Errorf("SizeFromINSEE(%q, %q) = %q; want %q", tt.tranche, tt.categorie, got, tt.want)
		}
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in   string
		want Size
	}{
		{"tpe", TPE}, {"TPE", TPE}, {" Pme ", PME}, {"eti", ETI}, {"GE", GE},
		{"unknown", SizeUnknown}, {"", SizeUnknown}, {"  ", SizeUnknown},
		{"TPE (micro-entreprise)", TPE},
		{"pme (petite ou moyenne entreprise)", PME},
		{"ETI (entreprise de taille intermédiaire)", ETI},
		{"GE (grande entreprise)", GE},
		{"Taille inconnue", SizeUnknown},
	}
	for _, tt := range tests {
		got, err := ParseSize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseSize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, in := range []string{"micro", "grande", "pmee", "t p e"} {
		got, err := ParseSize(in)
		var ie *IDError
		if !errors.As(err, &ie) || got != "" {
			t.Errorf("ParseSize(%q) = %q, %v; want *IDError", in, got, err)
		}
	}
}

func TestSizeLabel(t *testing.T) {
	tests := []struct {
		size Size
		want string
	}{
		{TPE, "TPE (micro-entreprise)"},
		{PME, "PME (petite ou moyenne entreprise)"},
		{ETI, "ETI (entreprise de taille intermédiaire)"},
		{GE, "GE (grande entreprise)"},
		{SizeUnknown, "taille inconnue"},
		{Size("xyz"), "taille inconnue"},
		{Size(""), "taille inconnue"},
	}
	for _, tt := range tests {
		if got := tt.size.Label(); got != tt.want {
			t.Errorf("%q.Label() = %q; want %q", tt.size, got, tt.want)
		}
	}
}
