package decp

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
	for _, name := range []string{officialExample, anomalies, "consolidated.json"} {
		data, err := os.ReadFile("testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{"", "[]", `{"marches":{"marche":{"id":"1"}}}`, `{"marches":[1,{"id":2,"titulaires":"x"}]}`,
		`[{"id":"1","titulaires":[{"titulaire":[]}],"modifications":{"modification":null}}]`, `{"marches":{"marche":{"id":"1"`} {
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
				if rec.ID == "" {
					t.Fatalf("contract without id: %+v", rec)
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
