package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// pdfText extracts the strings an uncompressed PDF shows (its "(…) Tj"
// operators), decoded from Windows-1252, in page order.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var sb strings.Builder
	for _, m := range regexp.MustCompile(`\(((?:\\.|[^\\)])*)\) ?Tj`).FindAllSubmatch(pdf, -1) {
		raw := regexp.MustCompile(`\\(.)`).ReplaceAll(m[1], []byte("$1"))
		s, err := charmap.Windows1252.NewDecoder().Bytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		sb.Write(s)
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestPDFReadsBackTheKeyFigures(t *testing.T) {
	var buf bytes.Buffer
	if err := writePDF(&buf, sampleDoc(), false); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	text := pdfText(t, buf.Bytes())
	for _, want := range []string{
		"Rapport hebdomadaire", "Période : semaine 47 de 2026 (du 16 au 22 novembre 2026)", "Chiffres clés",
		"Entreprises locales\n80,0\u00a0%", "Traitées directement par la cellule\n33,3\u00a0%",
		"Première réponse (9 sur 10)\n6\u00a0h\u00a030", "Satisfaction (/5)\n3,3\u00a0/\u00a05",
		"Sans réponse après l'échéance\n1\n", "Rénovation énergétique du lycée Ampère", "Réorientées vers l'acheteur",
		"Page 1 / ", "Définitions",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
	// Every page carries its footer with the total page count filled in.
	pages := strings.Count(text, "Page ")
	if pages < 2 || !strings.Contains(text, "Page 2 / ") || strings.Contains(text, "{nb}") {
		t.Errorf("footers: %d pages, text:\n%s", pages, text)
	}
	// The compressed file, the one sent, is a valid PDF too and smaller.
	var small bytes.Buffer
	if err := WritePDF(&small, sampleDoc()); err != nil || small.Len() >= buf.Len() {
		t.Errorf("compressed PDF: %v, %d bytes against %d", err, small.Len(), buf.Len())
	}
}
