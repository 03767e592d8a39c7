package tender

import "strings"

// GuessBuyerKind guesses the kind of a buyer from its name as notices print
// it ("Région Auvergne-Rhône-Alpes", "Centre hospitalier de Vienne",
// "Direction départementale des territoires du Rhône"). It is a guess for
// imported buyers, which an agent can correct; OtherBuyer when nothing fits.
// The order matters: a "direction régionale" is a State service, not a region.
func GuessBuyerKind(name string) BuyerKind {
	n := strings.NewReplacer("-", " ", "'", " ", ",", " ", ".", " ", "(", " ", ")", " ").Replace(foldLabel(name))
	n = " " + strings.Join(strings.Fields(n), " ") + " "
	has := func(words ...string) bool { // whole words only: "ville" is not "Villeurbanne"
		for _, w := range words {
			if strings.Contains(n, " "+w+" ") {
				return true
			}
		}
		return false
	}
	switch {
	case has("centre hospitalier", "chu", "chru", "chr", "hopital", "hopitaux", "ap hp", "hospices civils", "groupement hospitalier"):
		return Hospital
	case has("ministere", "prefecture", "prefet", "direction departementale", "direction regionale", "dreal", "ddt", "ddtm",
		"rectorat", "gendarmerie", "police nationale", "armees", "secretariat general pour l administration"):
		return State
	case has("region", "conseil regional", "collectivite territoriale"):
		return Region
	case has("departement", "conseil departemental", "conseil general"):
		return Departement
	case has("commune", "ville", "mairie"):
		return Commune
	}
	return OtherBuyer
}
