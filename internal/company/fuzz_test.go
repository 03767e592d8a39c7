package company

import (
	"errors"
	"testing"
)

func FuzzNormalizeSIRET(f *testing.F) {
	for _, s := range []string{
		"44306184100047", "443 061 841 00047", "443.061.841-00047", "35600000000001",
		"35600000000048", "44306184100048", "443061841", "4430618410004A", "", "\u00a0",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := NormalizeSIRET(in)
		if err != nil {
			var ie *IDError
			if !errors.As(err, &ie) || got != "" {
				t.Fatalf("NormalizeSIRET(%q) = %q, %v; want \"\", *IDError", in, got, err)
			}
			return
		}
		if len(got) != 14 || !allDigits(got) || !ValidSIRET(got) {
			t.Fatalf("NormalizeSIRET(%q) = %q: not a valid SIRET", in, got)
		}
		if again, err := NormalizeSIRET(got); err != nil || again != got {
			t.Fatalf("NormalizeSIRET(%q) = %q, %v: not idempotent", got, again, err)
		}
	})
}

func FuzzDepartementFromCommune(f *testing.F) {
	for _, s := range []string{"69123", "2A004", "2b033", "97411", "97701", "20004", "98735", "", "6912é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := DepartementFromCommune(in)
		if err != nil {
			var ie *IDError
			if !errors.As(err, &ie) || got != "" {
				t.Fatalf("DepartementFromCommune(%q) = %q, %v; want \"\", *IDError", in, got, err)
			}
			return
		}
		if !ValidDepartement(got) {
			t.Fatalf("DepartementFromCommune(%q) = %q: not a département", in, got)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{"contact@exemple.fr", " Jean@Exemple.FR ", "a@b", "<a@b.fr>", "a@b.fr, c@d.fr", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := NormalizeEmail(in)
		if err != nil {
			return
		}
		if again, err := NormalizeEmail(got); err != nil || again != got {
			t.Fatalf("NormalizeEmail(%q) = %q, %v: not idempotent (input %q)", got, again, err, in)
		}
	})
}
