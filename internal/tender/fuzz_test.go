package tender

import (
	"errors"
	"reflect"
	"testing"
)

func FuzzParseCPV(f *testing.F) {
	for _, s := range []string{"45112500-0", "45112500-1", "45112500", "45112500 - 0", "CPV 09310000-5", "4511250", "", "-", "45112500-", "FA01-1", "４５"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ParseCPV(in)
		if err != nil {
			var ie *InputError
			if !errors.As(err, &ie) || c != (CPV{}) {
				t.Fatalf("ParseCPV(%q) = %+v, %v; want zero CPV and *InputError", in, c, err)
			}
			return
		}
		again, err := ParseCPV(c.String())
		if err != nil || !again.CheckOK || again.Code != c.Code || again.String() != c.String() {
			t.Fatalf("ParseCPV(%q).String() = %q does not parse back as a checked code: %+v, %v", in, c.String(), again, err)
		}
	})
}

func FuzzParseServiceTable(f *testing.F) {
	for _, s := range []string{"45,71=travaux;72,48=prestations_intellectuelles;*=fournitures_services", "*=a", "45=a", ";;", "=", "*=a;*=b", "4=a;*=b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := ParseServiceTable(in)
		if err != nil {
			return
		}
		back, err := ParseServiceTable(tab.String())
		if err != nil || !reflect.DeepEqual(back, tab) {
			t.Fatalf("ParseServiceTable(%q) = %+v; String %q reads back as %+v, %v", in, tab, tab.String(), back, err)
		}
	})
}

func FuzzParseNoticeTime(f *testing.F) {
	for _, s := range []string{"2026-03-15T12:00:00+01:00", "2026-03-15", "15/03/2026 12:00", "nan", "", "2026-03-15+01:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, _, err := ParseNoticeTime(in, Paris())
		if err == nil && (got.Year() < 1950 || got.Year() > 2200) {
			t.Fatalf("ParseNoticeTime(%q) = %v: year out of range", in, got)
		}
	})
}

func FuzzParseAmountCents(f *testing.F) {
	for _, s := range []string{"38820", "1 234,56 €", "1.0e17", "-1", "NC", "", "1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := ParseAmountCents(in)
		if err == nil && (got < 0 || got > MaxAmountEuros*100) {
			t.Fatalf("ParseAmountCents(%q) = %d: out of range", in, got)
		}
	})
}
