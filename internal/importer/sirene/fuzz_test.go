package sirene

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/guichet/guichet/internal/company"
)

// FuzzReader feeds arbitrary bytes to the reader, with and without a
// département filter, and checks that it never panics, never loops, keeps
// its counts straight and never returns a record that contradicts itself.
func FuzzReader(f *testing.F) {
	// The fixtures cut to their first lines: the fuzzer minimises every
	// input it finds interesting, and small seeds keep that quick.
	files, _ := filepath.Glob("testdata/*.csv")
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(firstLines(data, 4), false)
		f.Add(firstLines(data, 4), true)
	}
	f.Add([]byte("siret,denominationUsuelleEtablissement,trancheEffectifsEtablissement,codePostalEtablissement,"+
		"codeCommuneEtablissement,activitePrincipaleEtablissement,etatAdministratifEtablissement\n"+
		"35600000000001,\"A\"\"B\",NN,69001,69381,53.10Z,A\n"), true)
	f.Add([]byte("siren;denominationUniteLegale;categorieEntreprise;trancheEffectifsUniteLegale;activitePrincipaleUniteLegale\n"+
		"443061841;\xc9LISE;PME;03;62.01Z\n"), false)
	f.Fuzz(func(t *testing.T, data []byte, filter bool) {
		o := Options{ActiveOnly: filter}
		if filter {
			o.Departements = ara
		}
		r, err := newReader(bytes.NewReader(data), o, 16<<10)
		if err != nil {
			return
		}
		set, _ := departementSet(o.Departements)
		line := 0
		for calls := 0; ; calls++ {
			if calls > len(data)+2 {
				t.Fatalf("%d calls on %d bytes: not advancing", calls, len(data))
			}
			rec, err := r.Next()
			var rowErr *RowError
			switch {
			case err == nil:
				checkRecord(t, rec, set, o.ActiveOnly, line)
				line = rec.Line
				continue
			case errors.As(err, &rowErr):
				if rowErr.Line <= line || rowErr.Reason == "" {
					t.Fatalf("row error %+v after line %d", rowErr, line)
				}
				line = rowErr.Line
				continue
			}
			if _, again := r.Next(); again != err {
				t.Fatalf("%v, then %v: the end must stick", err, again)
			}
			break
		}
		if s := r.Stats(); s.Read != s.Kept+s.Filtered+s.Rejected {
			t.Fatalf("stats do not add up: %+v", s)
		}
	})
}

// checkRecord verifies what a kept record must satisfy whatever the input.
func checkRecord(t *testing.T, rec Record, set map[string]bool, activeOnly bool, prevLine int) {
	t.Helper()
	if rec.Line <= prevLine {
		t.Fatalf("line %d after line %d", rec.Line, prevLine)
	}
	if rec.SIRETValid != (rec.SIRET != "" && company.ValidSIRET(rec.SIRET)) {
		t.Fatalf("SIRET %q flagged valid=%v", rec.SIRET, rec.SIRETValid)
	}
	if rec.SIRET == "" && rec.SIREN == "" {
		t.Fatalf("record without identifier: %+v", rec)
	}
	if rec.Departement != "" && !company.ValidDepartement(rec.Departement) {
		t.Fatalf("département %q", rec.Departement)
	}
	if set != nil && !set[rec.Departement] || activeOnly && !rec.Active {
		t.Fatalf("filter let through %+v", rec)
	}
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
