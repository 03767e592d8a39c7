package phone

import "testing"

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{
		"04 72 00 00 00", "+33 (0)4 72 00 00 00", "0033472000000", "+330472000000",
		"0692 12 34 56", "+1 (212) 555-0100", "04 72 00 00 00 poste 12", "x12",
		"abc", "", "+", "00", "(0)", "+33 6 92 12 34 56", "04\u202f72\u00a000 00 00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Normalize(in)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Normalize(%q) error %T, want *Error", in, err)
			}
			return
		}
		if len(got) < 9 || len(got) > 16 || got[0] != '+' || !allDigits(got[1:]) {
			t.Fatalf("Normalize(%q) = %q: not E.164", in, got)
		}
		again, err := Normalize(got)
		if err != nil || again != got {
			t.Fatalf("Normalize(%q) = %q, %v; not idempotent for input %q", got, again, err, in)
		}
	})
}
