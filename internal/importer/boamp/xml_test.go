package boamp

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/tender"
)

const (
	sampleNotice = "boamp_xml_v230_avis-marche_16-186394__ColinMaudry_boamp-rdf__test_xml_test-pub.xml"
	sampleAward  = "boamp_xml_v230_avis-attribution-MAPA_16-138580__ColinMaudry_boamp-rdf__test_xml_test-attribution-2.xml"
)

// The Ville de Paris notice of the samples: open procedure, two lots, CPV
// written without its check digit.
func TestReadXMLNotice(t *testing.T) {
	rec, err := ReadXML(open(t, sampleNotice))
	if err != nil {
		t.Fatal(err)
	}
	want := tender.Consultation{
		Reference: "16-186394", Source: "boamp", BuyerName: "Ville de Paris",
		Object:       "Accords-cadres à bons de commande relatifs à des prestations de remorquage pour les véhicules de la ville de Paris, en deux lots séparés.",
		Procedure:    "Appel d'offres ouvert",
		ContractType: tender.Services, CPV: []string{"50118110-9"},
		Lots: []tender.Lot{
			lot(1, "Prestations de remorquage pour les véhicules légers de la ville de Paris", "50118110-9"),
			lot(2, "Prestations de remorquage pour les poids lourds de la ville de Paris", "50118110-9"),
		},
		PublishedAt: paris(2017, 1, 1, 0, 0), Deadline: paris(2017, 2, 7, 12, 0), Status: tender.Open,
		NoticeURL:    "https://www.boamp.fr/pages/avis/?q=idweb:16-186394",
		Departements: []string{"75"}, Descriptors: []string{"Prestations de services"},
	}
	assertConsultation(t, rec.Consultation, want)
	buyer := tender.Buyer{Name: "Ville de Paris", Kind: tender.Commune, Email: "dfa-bm3@paris.fr", ProfileURL: "https://marches.maximilien.fr"}
	if rec.IDWeb != "16-186394" || rec.Nature != "APPEL_OFFRE" || rec.Cancelled || len(rec.Warnings) != 0 || !reflect.DeepEqual(rec.Buyer, buyer) {
		t.Errorf("record = %q %q cancelled %v warnings %q buyer %+v", rec.IDWeb, rec.Nature, rec.Cancelled, rec.Warnings, rec.Buyer)
	}
	if !tender.IsFormalised(rec.Consultation.Procedure) {
		t.Error("an appel d'offres ouvert must be formalised")
	}
}

// The award notice of the samples: a MAPA awarded with its amount and winner.
func TestReadXMLAward(t *testing.T) {
	rec, err := ReadXML(open(t, sampleAward))
	if err != nil {
		t.Fatal(err)
	}
	c := rec.Consultation
	if rec.IDWeb != "16-138580" || rec.Nature != "ATTRIBUTION" || c.Status != tender.Awarded || c.AmountCents != 3882000 ||
		c.WinnerName != "SARL ENVIRONNEMENT & SOLUTIONS" || c.Procedure != "Procédure adaptée" || c.ContractType != tender.Services ||
		len(c.CPV) != 0 || !c.PublishedAt.Equal(paris(2017, 2, 14, 0, 0)) || len(rec.Warnings) != 0 {
		t.Errorf("award = %+v, warnings %q", c, rec.Warnings)
	}
	buyer := tender.Buyer{Name: "Communauté d'Agglomération de Saintes", Kind: tender.OtherBuyer, Email: "marches-publics@ville-saintes.fr",
		Phone: "+33546982464", ProfileURL: "http://www.agglo-saintes.fr"}
	if !reflect.DeepEqual(rec.Buyer, buyer) {
		t.Errorf("buyer = %+v; want %+v", rec.Buyer, buyer)
	}
	if tender.IsFormalised(c.Procedure) {
		t.Error("a procédure adaptée is not formalised")
	}
}

// The same notice in ISO-8859-1 reads the same; the stray U+0092 of the
// source (a windows-1252 apostrophe) becomes ’.
func TestReadXMLLatin1(t *testing.T) {
	data, err := os.ReadFile("testdata/" + sampleNotice)
	if err != nil {
		t.Fatal(err)
	}
	utf8Rec, err := ReadXML(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	latin1 := []byte(strings.Replace(string(data), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1))
	var out []byte
	for _, r := range string(latin1) {
		out = append(out, byte(r)) // every character of the sample fits in one byte
	}
	rec, err := ReadXML(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(rec, utf8Rec) {
		t.Errorf("ISO-8859-1 notice = %+v;\nUTF-8 notice = %+v", rec, utf8Rec)
	}
	if got := fixC1("durée d\u0092exécution"); got != "durée d’exécution" {
		t.Errorf("fixC1 = %q", got)
	}
}

func TestReadXMLErrors(t *testing.T) {
	data, err := os.ReadFile("testdata/" + sampleNotice)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, in string
		syntax   string // a *SyntaxError with this message…
		record   string // …or a *RecordError with this reason
	}{
		{"truncated", string(data[:2000]), "XML tronqué", ""},
		{"not XML", `{"idweb": "26-1"}`, "XML", ""},
		{"empty", "", "XML", ""},
		{"another document", `<?xml version="1.0"?><rss><channel/></rss>`, "l'élément racine est <rss>", ""},
		{"no IDWEB", `<ANNONCE><GESTION><REFERENCE/></GESTION><DONNEES/></ANNONCE>`, "", "IDWEB manquant"},
		{"unknown charset", `<?xml version="1.0" encoding="EBCDIC"?><ANNONCE/>`, "EBCDIC", ""},
	}
	for _, tt := range tests {
		_, err := ReadXML(strings.NewReader(tt.in))
		var se *SyntaxError
		var re *RecordError
		switch {
		case tt.syntax != "" && (!errors.As(err, &se) || !strings.Contains(se.Msg, tt.syntax)):
			t.Errorf("%s: ReadXML = %v; want *SyntaxError %q", tt.name, err, tt.syntax)
		case tt.record != "" && (!errors.As(err, &re) || !strings.Contains(re.Reason, tt.record)):
			t.Errorf("%s: ReadXML = %v; want *RecordError %q", tt.name, err, tt.record)
		}
	}
	_, err = ReadXML(strings.NewReader(string(data[:2000])))
	var se *SyntaxError
	if errors.As(err, &se) && (se.Line == 0 || se.Offset == 0) {
		t.Errorf("truncated XML error has no position: %+v", se)
	}
}
