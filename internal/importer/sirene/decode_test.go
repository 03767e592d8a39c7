package sirene

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

func TestTextReader(t *testing.T) {
	tests := []struct {
		name, in, want string
		bom            bool
	}{
		{"ASCII", "SIRET,NOM\n1,ACME\n", "SIRET,NOM\n1,ACME\n", false},
		{"UTF-8", "NOM\nSOCIÉTÉ\n", "NOM\nSOCIÉTÉ\n", false},
		{"Latin-1", "NOM\nSOCI\xc9T\xc9\n", "NOM\nSOCIÉTÉ\n", false},
		{"Windows-1252 œ €", "\x9cuvre \x80\n", "œuvre €\n", false},
		{"Latin-1 at the very end", "ABC\xe9", "ABCé", false},
		{"UTF-8 declared", "NOM\nSOCIÉTÉ\xe9\n", "NOM\nSOCIÉTÉ\xe9\n", true},
		{"UTF-8 first, broken later", "É\xe9", "É\xe9", false},
	}
	for _, tt := range tests {
		// OneByteReader splits every rune across reads: the decision must
		// not depend on where reads end.
		for _, src := range []io.Reader{strings.NewReader(tt.in), iotest.OneByteReader(strings.NewReader(tt.in))} {
			tr := newTextReader(bufio.NewReaderSize(src, 16), tt.bom)
			got, err := io.ReadAll(iotest.OneByteReader(tr))
			if err != nil || string(got) != tt.want {
				t.Errorf("%s: got %q, %v; want %q", tt.name, got, err, tt.want)
			}
		}
	}
}

// Latin-1 is recognised even when the first accented letter comes after
// megabytes of ASCII.
func TestLatin1AfterLongASCII(t *testing.T) {
	var b bytes.Buffer
	b.Write(readHeader(t))
	for i := range 20000 {
		b.Write(appendSynthLine(nil, i))
	}
	b.WriteString(strings.Replace(string(appendSynthLine(nil, 20001)), "BOULANGERIE DU CENTRE", "CAF\xc9 DU CH\xc2TEAU", 1))
	if b.Len() < 3*bufferSize {
		t.Fatalf("only %d bytes", b.Len())
	}
	r, err := NewReader(&b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var last Record
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		last = rec
	}
	if last.Name != "CAFÉ DU CHÂTEAU" || len(last.Warnings) != 0 {
		t.Errorf("last record %+v", last)
	}
}

func TestIndexNonASCII(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{{"", -1}, {"abc", -1}, {"abcdefgh", -1}, {"abcdefghé", 8}, {"é", 0}, {"abcdefgh12345é", 13}, {"abc\x80", 3}} {
		if got := indexNonASCII([]byte(tt.in)); got != tt.want {
			t.Errorf("indexNonASCII(%q) = %d; want %d", tt.in, got, tt.want)
		}
	}
}

// The guard lets every fixture through untouched, whatever the read sizes.
func TestGuardPassesGoodFiles(t *testing.T) {
	for _, name := range []string{"etablissements.csv", "etablissements_lignes_cassees.csv", "unites_legales.csv"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		g := newGuard(iotest.HalfReader(bytes.NewReader(data)), ',')
		g.limit = 1600 // just above the longest line
		got, err := io.ReadAll(g)
		if err != nil || !bytes.Equal(got, data) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestGuardStopsRunawayRecords(t *testing.T) {
	tests := []struct{ name, in string }{
		{"quote never closed", "a,b\n1,\"x" + strings.Repeat("y,z\n", 100)},
		{"no newline", "a,b\n" + strings.Repeat("x", 500)},
		{"quoted newlines", "a,b\n" + strings.Repeat("\"x\ny\",", 50)},
		{"escaped quotes", "a,b\n\"" + strings.Repeat("x\"\"", 200) + "\"\n"},
	}
	for _, tt := range tests {
		g := newGuard(strings.NewReader(tt.in), ',')
		g.limit = 256
		if _, err := io.ReadAll(g); !errors.Is(err, errRecordTooLong) {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
	ok := []string{
		"a,b\n" + strings.Repeat("\"x\ny\",z\n", 100),
		"a,b\n" + strings.Repeat("x\"y,z\n", 100), // stray quotes: csv skips the line, so does the guard
		"a,b\n" + strings.Repeat("\"x\"y,z\n", 100),
	}
	for _, in := range ok {
		g := newGuard(strings.NewReader(in), ',')
		g.limit = 256
		if _, err := io.ReadAll(g); err != nil {
			t.Errorf("%q…: %v", in[:12], err)
		}
	}
}

// A quote that never closes in a large file stops the reader with an error
// naming the place, instead of buffering the rest of the file.
func TestRunawayQuoteStopsTheStream(t *testing.T) {
	var b bytes.Buffer
	b.Write(readHeader(t))
	b.Write(appendSynthLine(nil, 1))
	b.WriteString(`44306184100047,"OUVERT SANS FIN`)
	for i := 0; b.Len() < 3*maxRecordBytes; i++ {
		b.Write(appendSynthLine(nil, i)[:100]) // no quote in the first 100 bytes
		b.WriteByte('\n')
	}
	r, err := NewReader(&b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	if err == nil || !strings.Contains(err.Error(), "après la ligne 2 : enregistrement de plus de 1 Mio") {
		t.Fatalf("got %v", err)
	}
	if _, again := r.Next(); again != err {
		t.Errorf("second call: %v", again)
	}
}

// csv's own reading of the fixtures agrees with what the reader counts.
func TestFixturesAreCSV(t *testing.T) {
	data, _ := os.ReadFile("testdata/etablissements.csv")
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil || len(rows) != 22 || len(rows[0]) != 53 {
		t.Fatalf("%d rows, %v", len(rows), err)
	}
	synth := synthFile(t, 50)
	rows, err = csv.NewReader(bytes.NewReader(synth)).ReadAll()
	if err != nil || len(rows) != 51 {
		t.Fatalf("synthetic file: %d rows, %v", len(rows), err)
	}
}
