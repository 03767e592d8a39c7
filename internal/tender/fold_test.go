package tender

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Région Auvergne-Rhône-Alpes": "region auvergne-rhone-alpes",
		"  Œuvre   ÉLÉMENTAIRE ":      "oeuvre elementaire",
		"Maîtrise d’œuvre":            "maitrise d'oeuvre",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
