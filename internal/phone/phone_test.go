package phone

import (
	"errors"
	"strings"
	"testing"
)

func TestNormalizeWrittenForms(t *testing.T) {
	// Every way the cell's callers write the same Lyon number.
	forms := []string{
		"04 72 00 00 00",
		"04.72.00.00.00",
		"04-72-00-00-00",
		"04/72/00/00/00",
		"0472000000",
		"+33 4 72 00 00 00",
		"+33 (0)4 72 00 00 00",
		"+33(0)472000000",
		"0033 4 72 00 00 00",
		"0033 (0)4 72 00 00 00",
		"0033472000000",
		"+330472000000",
		"+33 04 72 00 00 00",
		"+33472000000",
		"  04 72 00 00 00  ",
		"04\u00a072\u00a000\u00a000\u00a000",
		"04\u202f72\u202f00\u202f00\u202f00",
		"\u00a004 72 00 00 00\u202f",
		"\t04 72 00 00 00\n",
		"(04) 72 00 00 00",
		"04 72 00 00 00 poste 12",
		"04 72 00 00 00 p. 12",
		"04 72 00 00 00 ext 12",
		"04 72 00 00 00 ext. 12",
		"04 72 00 00 00 x12",
		"04 72 00 00 00 #12",
		"0472000000x12",
		"04 72 00 00 00 Poste 12",
		"+33 4 72 00 00 00 EXT. 12",
	}
	for _, in := range forms {
		got, err := Normalize(in)
		if err != nil || got != "+33472000000" {
			t.Errorf("Normalize(%q) = %q, %v; want +33472000000", in, got, err)
		}
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"01 23 45 67 89", "+33123456789"},
		{"06 12 34 56 78", "+33612345678"},
		{"07 12 34 56 78", "+33712345678"},
		{"09 72 00 00 00", "+33972000000"},
		{"08 00 12 34 56", "+33800123456"},
		// Overseas départements get their E.164 country code.
		{"0262 12 34 56", "+262262123456"},
		{"0692 12 34 56", "+262692123456"},
		{"0693 12 34 56", "+262693123456"},
		{"0269 61 23 45", "+262269612345"},
		{"0639 12 34 56", "+262639123456"},
		{"0590 12 34 56", "+590590123456"},
		{"0690 12 34 56", "+590690123456"},
		{"0691 12 34 56", "+590691123456"},
		{"0594 12 34 56", "+594594123456"},
		{"0694 12 34 56", "+594694123456"},
		{"0596 12 34 56", "+596596123456"},
		{"0696 12 34 56", "+596696123456"},
		{"0697 12 34 56", "+596697123456"},
		{"+33 6 92 12 34 56", "+262692123456"},
		{"+262 262 12 34 56", "+262262123456"},
		{"+262 0692 12 34 56", "+262692123456"},
		{"00 590 690 12 34 56", "+590690123456"},
		// Other countries keep their digits.
		{"+49 30 1234567", "+49301234567"},
		{"+44 (0)20 7946 0000", "+442079460000"},
		{"0041 22 123 45 67", "+41221234567"},
		{"+1 (212) 555-0100", "+12125550100"},
		{"+12345678", "+12345678"},
		{"+123456789012345", "+123456789012345"},
	}
	for _, tt := range tests {
		got, err := Normalize(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("Normalize(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// errorCases pairs refused inputs with a fragment of the reason given.
func errorCases() []struct{ in, reason string } {
	return []struct{ in, reason string }{
		{"", "aucun numéro"},
		{"   ", "aucun numéro"},
		{"\u00a0", "aucun numéro"},
		{"abc", "lettres"},
		{"04 72 AB 00 00", "lettres"},
		{"tél. 04 72 00 00 00", "lettres"},
		{"04 72 00 00 00 bureau", "lettres"},
		{"04 72 00 00 00 poste", "poste mal écrit"},
		{"04 72 00 00 00 poste 12 34", "poste mal écrit"},
		{"04 72 00 00 00 poste 123456789", "poste mal écrit"},
		{"04 72 00 00", "trop court"},
		{"0", "trop court"},
		{"...", "trop court"},
		{"x12", "trop court"},
		{"04 72 00 00 00 0", "trop long"},
		{"472000000", "commence par 0"},
		{"0(0)00000000", "chiffre de 1 à 9"},
		{"33472000000", "sans « + »"},
		{"+33 4 72 00 00", "trop court : après +33"},
		{"+33 4 72 00 00 00 0", "trop long : après +33"},
		{"+33 0 72 00 00 00", "ne commence pas par 0"},
		{"+1234567", "trop court pour un numéro international"},
		{"+262 262 12 34", "après +262"},
		{"+0 12 34 56 78", "indicatif de pays inconnu"},
		{"000 12 34 56 78", "indicatif de pays inconnu"},
		{"+", "trop court pour un numéro international"},
		{"+49 301", "trop court pour un numéro international"},
		{"+49 301 234 567 890 123", "trop long pour un numéro international"},
		{"++33 4 72 00 00 00", "« + »"},
		{"04 +72 00 00 00", "« + »"},
		{"04_72_00_00_00", "caractère « _ »"},
		{"04 72 00 00 0٠", "caractère"},
		{strings.Repeat("0", 101), "trop long"},
	}
}

func TestNormalizeErrors(t *testing.T) {
	for _, tt := range errorCases() {
		got, err := Normalize(tt.in)
		var pe *Error
		if !errors.As(err, &pe) {
			t.Errorf("Normalize(%q) = %q, %v; want *Error", tt.in, got, err)
			continue
		}
		if !strings.Contains(pe.Reason, tt.reason) {
			t.Errorf("Normalize(%q) reason = %q; want it to contain %q", tt.in, pe.Reason, tt.reason)
		}
	}
}

func TestErrorMessage(t *testing.T) {
	_, err := Normalize("  abc ")
	want := "numéro de téléphone invalide : « abc » (il contient des lettres : " +
		"seuls les chiffres, les espaces et un poste (« poste 12 ») sont admis)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v; want %q", err, want)
	}
	_, err = Normalize("04 72")
	want = "numéro de téléphone invalide : « 04 72 » (trop court : il faut 10 chiffres, par exemple 04 72 00 00 00)"
	if err == nil || err.Error() != want {
		t.Errorf("error = %v; want %q", err, want)
	}
}

func TestParseExtension(t *testing.T) {
	tests := []struct{ in, ext string }{
		{"04 72 00 00 00", ""},
		{"04 72 00 00 00 poste 12", "12"},
		{"04 72 00 00 00 p. 12", "12"},
		{"04 72 00 00 00 p12", "12"},
		{"04 72 00 00 00 ext 345", "345"},
		{"04 72 00 00 00 ext. 12", "12"},
		{"04 72 00 00 00 ext: 12", "12"},
		{"04 72 00 00 00 extension 12", "12"},
		{"04 72 00 00 00 x12", "12"},
		{"04 72 00 00 00 X 12", "12"},
		{"04 72 00 00 00 #12", "12"},
		{"04 72 00 00 00 poste #12", "12"},
		{"04 72 00 00 00 poste\u00a012", "12"},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		want := Number{E164: "+33472000000", Extension: tt.ext}
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", tt.in, got, err, want)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct{ in, want string }{
		{"+33472000000", "04 72 00 00 00"},
		{"+33612345678", "06 12 34 56 78"},
		{"+262262123456", "+262262123456"},
		{"+49301234567", "+49301234567"},
		{"+3347200000", "+3347200000"},
		{"+33072000000", "+33072000000"},
		{"+3347200000a", "+3347200000a"},
		{"", ""},
		{"04 72 00 00 00", "04 72 00 00 00"},
	}
	for _, tt := range tests {
		if got := Format(tt.in); got != tt.want {
			t.Errorf("Format(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatRoundTrip(t *testing.T) {
	for _, e164 := range []string{"+33472000000", "+33123456789", "+262692123456", "+442079460000"} {
		got, err := Normalize(Format(e164))
		if err != nil || got != e164 {
			t.Errorf("Normalize(Format(%q)) = %q, %v", e164, got, err)
		}
	}
}
