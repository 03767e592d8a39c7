package buyers

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/tender"
)

// FuzzReader feeds arbitrary bytes to the reader and checks that it never
// panics or loops, that its counts add up and that every buyer it returns is
// valid by the rules the package documents.
func FuzzReader(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		// A few lines are enough, and small seeds keep the fuzzer's
		// minimisation of what it finds quick.
		f.Add(firstLines(data, 5))
	}
	f.Add([]byte("siret;nom;type\n356 000 000 00048;La Poste;autre\n;\"Ville\nde Lyon\";ville\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		line := 1
		for calls := 0; ; calls++ {
			if calls > len(data)+2 {
				t.Fatalf("%d calls on %d bytes: not advancing", calls, len(data))
			}
			rec, err := r.Next()
			var rowErr *RowError
			switch {
			case err == nil:
				checkBuyer(t, rec, line)
				line = rec.Line
				continue
			case errors.As(err, &rowErr):
				if rowErr.Line <= line || rowErr.Reason == "" {
					t.Fatalf("row error %+v after line %d", rowErr, line)
				}
				line = rowErr.Line
				continue
			}
			break
		}
		if s := r.Stats(); s.Read != s.Kept+s.Rejected {
			t.Fatalf("stats do not add up: %+v", s)
		}
	})
}

// firstLines returns the first n lines of data.
func firstLines(data []byte, n int) []byte {
	end := 0
	for range n {
		i := bytes.IndexByte(data[end:], '\n')
		if i < 0 {
			return data
		}
		end += i + 1
	}
	return data[:end]
}

// checkBuyer verifies what every returned buyer satisfies.
func checkBuyer(t *testing.T, rec Record, prevLine int) {
	t.Helper()
	b := rec.Buyer
	switch {
	case rec.Line <= prevLine:
		t.Fatalf("line %d after line %d", rec.Line, prevLine)
	case b.Name == "" || !utf8.ValidString(b.Name):
		t.Fatalf("name %q", b.Name)
	case b.SIRET != "" && !company.ValidSIRET(b.SIRET):
		t.Fatalf("invalid SIRET %q kept", b.SIRET)
	case b.SIRET == "" && len(rec.Warnings) == 0:
		t.Fatalf("no SIRET and no warning: %+v", rec)
	}
	if _, ok := ParseKind(string(b.Kind)); !ok || !validKind(b.Kind) {
		t.Fatalf("kind %q", b.Kind)
	}
	if b.Email != "" {
		if again, err := company.NormalizeEmail(b.Email); err != nil || again != b.Email {
			t.Fatalf("e-mail %q not normalised", b.Email)
		}
	}
	if b.Phone != "" {
		if again, err := phone.Normalize(b.Phone); err != nil || again != b.Phone {
			t.Fatalf("phone %q not E.164", b.Phone)
		}
	}
	for _, u := range []string{b.ProfileURL, b.QAURL} {
		if _, reason := parseURL(u); u != "" && reason != "" {
			t.Fatalf("URL %q kept: %s", u, reason)
		}
	}
}

func validKind(k tender.BuyerKind) bool {
	for _, v := range tender.BuyerKinds() {
		if v == k {
			return true
		}
	}
	return false
}
