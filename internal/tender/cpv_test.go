package tender

import (
	"bufio"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestParseCPV(t *testing.T) {
	tests := []struct {
		in      string
		code    string
		check   string
		checkOK bool
		str     string
	}{
		{"45000000-7", "45000000", "7", true, "45000000-7"},
		{"45112500-0", "45112500", "0", true, "45112500-0"},
		{"45112500", "45112500", "", true, "45112500-0"},
		{"45112500 - 0", "45112500", "0", true, "45112500-0"},
		{" CPV 45112500-0 ", "45112500", "0", true, "45112500-0"},
		{"cpv 45112500-0", "45112500", "0", true, "45112500-0"},
		{"4511 2500-0", "45112500", "0", true, "45112500-0"},
		{"45112500\u00a0-\u00a00", "45112500", "0", true, "45112500-0"},
		// A wrong check digit is kept and flagged; String gives the official one.
		// 45112500-1 is a frequent misprint of 45112500-0 (earthmoving work).
		{"45112500-1", "45112500", "1", false, "45112500-0"},
		{"09310000-9", "09310000", "9", false, "09310000-5"}, // the rule's digit, not the published one
		{"09310000-5", "09310000", "5", true, "09310000-5"},
		{"50118110", "50118110", "", true, "50118110-9"}, // legacy BOAMP XML writes no check digit
	}
	for _, tt := range tests {
		got, err := ParseCPV(tt.in)
		if err != nil {
			t.Errorf("ParseCPV(%q): %v", tt.in, err)
			continue
		}
		want := CPV{Code: tt.code, Check: tt.check, CheckOK: tt.checkOK}
		if got != want {
			t.Errorf("ParseCPV(%q) = %+v; want %+v", tt.in, got, want)
		}
		if s := got.String(); s != tt.str {
			t.Errorf("ParseCPV(%q).String() = %q; want %q", tt.in, s, tt.str)
		}
	}
}

func TestParseCPVErrors(t *testing.T) {
	tests := []struct{ in, reason string }{
		{"", "aucun code"},
		{"   ", "aucun code"},
		{"CPV", "aucun code"},
		{"4511250", "8 chiffres attendus, 7 reçus"},
		{"451125001", "8 chiffres attendus, 9 reçus"},
		{"9310000", "8 chiffres attendus, 7 reçus"}, // DECP exports that lost the leading zero
		{"4511250A-0", "seuls des chiffres"},
		{"45112500-", "un seul chiffre"},
		{"45112500-01", "un seul chiffre"},
		{"45112500-X", "un seul chiffre"},
		{"FA01-1", "seuls des chiffres"}, // a code of the supplementary vocabulary
		{"４５１１２５００", "seuls des chiffres"},
	}
	for _, tt := range tests {
		_, err := ParseCPV(tt.in)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("ParseCPV(%q) error = %v; want *InputError", tt.in, err)
			continue
		}
		if !strings.Contains(ie.Reason, tt.reason) || !strings.HasPrefix(err.Error(), "code CPV invalide : ") {
			t.Errorf("ParseCPV(%q) error = %q; want reason containing %q", tt.in, err, tt.reason)
		}
	}
}

// The codes the brief calls real, and a few more from the sample notices,
// computed by the rule or by the published exceptions.
func TestCheckDigit(t *testing.T) {
	for _, c := range []string{
		"45000000-7", "45316110-9", "72000000-5", "30200000-1", "79000000-4",
		"09310000-5", "03000000-1", "48000000-8", "50000000-5", "71000000-8",
		"34000000-7", "60000000-8", "90000000-7", "80000000-4", "45112500-0",
		"45214200-2", "45223220-4", "71631300-3", "50118110-9", "71000000-8",
		"03300000-2", "42100000-0", "72212100-0", "72212000-4", "51000000-9",
	} {
		if got := CheckDigit(c[:8]); got != c[9:] {
			t.Errorf("CheckDigit(%q) = %q; want %q", c[:8], got, c[9:])
		}
	}
	for _, bad := range []string{"", "4500000", "450000000", "4500000A"} {
		if got := CheckDigit(bad); got != "" {
			t.Errorf("CheckDigit(%q) = %q; want \"\"", bad, got)
		}
	}
}

// Every code of the CPV 2008 list carries its published check digit.
func TestCheckDigitOfficialList(t *testing.T) {
	f, err := os.Open("testdata/cpv2008.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n, shifted := 0, 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		n++
		c, err := ParseCPV(line)
		if err != nil || !c.CheckOK || c.String() != line {
			t.Errorf("ParseCPV(%q) = %+v, %v; want the code with CheckOK", line, c, err)
		}
		if officialOffset(c.Code) != 0 {
			shifted++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 9456 || shifted != 532 {
		t.Errorf("read %d codes, %d outside the rule; want 9456 and 532", n, shifted)
	}
}

func TestDivision(t *testing.T) {
	tests := map[string]string{
		"45112500-0": "45", "09310000": "09", " 72 ": "72", "4": "", "": "", "A5000000": "", "7x": "",
	}
	for in, want := range tests {
		if got := Division(in); got != want {
			t.Errorf("Division(%q) = %q; want %q", in, got, want)
		}
	}
}
