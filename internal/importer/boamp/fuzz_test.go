package boamp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"
)

// FuzzReader feeds the reader anything: it must never panic nor loop, every
// error must be one of its three kinds, and a *SyntaxError must end the stream.
func FuzzReader(f *testing.F) {
	for _, name := range []string{"api_page.json", "export.json", "bad_records.json", "truncated.json"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "[]", "{}", `{"results":[1,"x",null,{"idweb":1}]}`, `[{"idweb":"1","donnees":"{\"EFORMS\":[]}"}]`,
		`[{"idweb":"1","donnees":{"OBJET":{"CPV":[{"PRINCIPAL":"45000000"}]}}}]`, `{"results":[{"idweb":"1"}`, "[{]", `[{"idweb":"1","donnees":"[[[[[[["}]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data))
		for calls := 0; ; calls++ {
			if calls > len(data)+2 {
				t.Fatalf("still reading after %d calls on %d bytes", calls, len(data))
			}
			rec, err := rd.Next()
			var re *RecordError
			var se *SyntaxError
			switch {
			case err == nil:
				if rec.IDWeb == "" || rec.Index != calls {
					t.Fatalf("record without idweb or out of place: %+v at call %d", rec, calls)
				}
			case err == io.EOF:
				return
			case errors.As(err, &se):
				if _, err := rd.Next(); err != io.EOF {
					t.Fatalf("after a *SyntaxError Next() = %v; want io.EOF", err)
				}
				return
			case !errors.As(err, &re):
				t.Fatalf("Next() = %T %v; want a record, io.EOF, *RecordError or *SyntaxError", err, err)
			}
		}
	})
}

// FuzzReadXML feeds ReadXML anything: no panic, and only its two error kinds.
func FuzzReadXML(f *testing.F) {
	for _, name := range []string{sampleNotice, sampleAward} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`<ANNONCE><GESTION><REFERENCE><IDWEB>1</IDWEB></REFERENCE></GESTION></ANNONCE>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := ReadXML(bytes.NewReader(data))
		var re *RecordError
		var se *SyntaxError
		if err == nil && rec.IDWeb == "" || err != nil && !errors.As(err, &re) && !errors.As(err, &se) {
			t.Fatalf("ReadXML = %+v, %T %v", rec, err, err)
		}
	})
}
