package sirene

import (
	"errors"
	"strings"
	"testing"
)

func TestHeaderErrors(t *testing.T) {
	etab := "siren,siret,denominationUsuelleEtablissement,trancheEffectifsEtablissement,codePostalEtablissement," +
		"codeCommuneEtablissement,activitePrincipaleEtablissement,etatAdministratifEtablissement\n"
	tests := []struct {
		name, csv string
		o         Options
		missing   []string
		msg       string
	}{
		{"vide", "", Options{}, nil, "le fichier est vide"},
		{"ni siret ni siren", "nom,adresse\n", Options{}, []string{"siret", "siren"}, "ni StockEtablissement"},
		{"établissements sans commune ni tranche",
			"siret,denominationUsuelleEtablissement,codePostalEtablissement,activitePrincipaleEtablissement,etatAdministratifEtablissement\n",
			Options{}, []string{"codeCommuneEtablissement", "trancheEffectifsEtablissement (ou trancheEffectifsUniteLegale)"},
			"StockEtablissement incomplet"},
		{"établissements sans nom", strings.Replace(etab, "denominationUsuelleEtablissement,", "", 1), Options{},
			[]string{"denominationUsuelleEtablissement (ou enseigne1Etablissement, denominationUniteLegale)"}, "incomplet"},
		{"unités sans catégorie", "siren,denominationUniteLegale,trancheEffectifsUniteLegale,activitePrincipaleUniteLegale\n",
			Options{ActiveOnly: true}, []string{"categorieEntreprise", "etatAdministratifUniteLegale"}, "StockUniteLegale incomplet"},
		{"unités filtrées", "siren,denominationUniteLegale\n", Options{Departements: []string{"69"}}, nil,
			"ne se filtre pas par département"},
		{"colonne en double", strings.TrimSuffix(etab, "\n") + ",SIRET\n", Options{}, nil, "« SIRET » apparaît deux fois"},
		{"pas de fin de ligne", strings.Repeat("siret,", 200000), Options{}, nil, "pas de fin de ligne"},
	}
	for _, tt := range tests {
		_, err := NewReader(strings.NewReader(tt.csv), tt.o)
		var he *HeaderError
		if !errors.As(err, &he) {
			t.Errorf("%s: error %v; want *HeaderError", tt.name, err)
			continue
		}
		if strings.Join(he.Missing, "|") != strings.Join(tt.missing, "|") || !strings.Contains(he.Error(), tt.msg) {
			t.Errorf("%s: %q, missing %q; want %q, %q", tt.name, he.Error(), he.Missing, tt.msg, tt.missing)
		}
		if !strings.HasPrefix(he.Error(), "en-tête SIRENE invalide : ") {
			t.Errorf("%s: %q", tt.name, he.Error())
		}
	}
}

func TestBadDepartementFilter(t *testing.T) {
	_, err := NewReader(strings.NewReader("siren\n"), Options{Departements: []string{"69", "20"}})
	if err == nil || !strings.Contains(err.Error(), "filtre par département : département invalide : 20 n'est plus") {
		t.Errorf("got %v", err)
	}
}

// A header-only file, upper-case names, CRLF line ends and a header padded
// with spaces are all fine.
func TestHeaderLeniency(t *testing.T) {
	head := " SIRET ; DenominationUsuelleEtablissement;TRANCHEEFFECTIFSETABLISSEMENT;codePostalEtablissement;" +
		"codeCommuneEtablissement;activitePrincipaleEtablissement;etatAdministratifEtablissement\r\n"
	r, err := NewReader(strings.NewReader(head), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err == nil || err.Error() != "EOF" {
		t.Errorf("header only: %v", err)
	}
	r, err = NewReader(strings.NewReader(head+"44306184100047;ACME;12;69003;69383;43.21A;A\r\n"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil || rec.SIRET != "44306184100047" || rec.Name != "ACME" || rec.Departement != "69" {
		t.Errorf("got %+v, %v", rec, err)
	}
}
