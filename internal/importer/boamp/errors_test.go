package boamp

import (
	"errors"
	"strings"
	"testing"
)

func TestReaderSyntaxErrorPosition(t *testing.T) {
	tests := []struct {
		name, in          string
		offset            int64
		line, col         int
		msg               string
		recordsBeforeStop int
	}{
		{"bad value in a record", "[\n{\"idweb\": \"26-1\"},\n{\"idweb\": x}\n]", 31, 3, 11, "caractère 'x' inattendu", 1},
		{"missing comma", "[{\"idweb\": \"26-1\"} {\"idweb\": \"26-2\"}]", 19, 1, 20, "virgule attendue", 1},
		{"garbage between records", "[{\"idweb\": \"26-1\"},\n  ]]", 22, 2, 3, "caractère ']' inattendu", 1},
		{"bad key in a page", "{\"total_count\": 1, x: []}", 19, 1, 20, "caractère 'x' inattendu", 0},
		{"cut after the last record", "{\"results\": [{\"idweb\": \"26-1\"}]", 31, 1, 32, "tronqué", 1},
		{"cut in a skipped value", "{\"links\": [{\"a\": ", 17, 1, 18, "tronqué", 0},
		{"accents count as one column", "[\n{\"objet\": \"été\", \"idweb\": ]", 30, 2, 27, "caractère ']' inattendu", 0},
	}
	for _, tt := range tests {
		rd := NewReader(strings.NewReader(tt.in))
		var err error
		n := 0
		for ; n < 10; n++ {
			if _, err = rd.Next(); err != nil {
				break
			}
		}
		var se *SyntaxError
		if !errors.As(err, &se) || n != tt.recordsBeforeStop || se.Offset != tt.offset || se.Line != tt.line || se.Column != tt.col || !strings.Contains(se.Msg, tt.msg) {
			t.Errorf("%s: after %d records Next() = %v (%+v); want *SyntaxError at %d, line %d, column %d, %q after %d records",
				tt.name, n, err, se, tt.offset, tt.line, tt.col, tt.msg, tt.recordsBeforeStop)
		}
	}
}

func TestReaderShapes(t *testing.T) {
	tests := []struct {
		name, in string
		records  int
		msg      string // of the *SyntaxError that ends the file, "" for a clean end
	}{
		{"empty array", "[]", 0, ""},
		{"empty page", `{"total_count": 0, "results": []}`, 0, ""},
		{"results first, other keys skipped", `{"links": [{"rel": "self", "x": {"y": [1, 2]}}], "results": [{"idweb": "26-1"}], "total_count": 1}`, 1, ""},
		{"whitespace around", " \n\t[ {\"idweb\": \"26-1\"} ] \n", 1, ""},
		{"empty file", "", 0, "le fichier est vide"},
		{"blank file", " \n ", 0, "le fichier est vide"},
		{"a number", "42", 0, "ne commence ni par [ ni par {"},
		{"an object without results", `{"total_count": 3}`, 0, "sans clé « results »"},
		{"an API error", `{"error_code": "InvalidRESTParameterError", "message": "Invalid value"}`, 0, "sans clé « results »"},
		{"results not an array", `{"results": {"idweb": "26-1"}}`, 0, "« results » n'est pas un tableau"},
		{"not JSON", "idweb;objet\n26-1;x", 0, "caractère 'i' inattendu"},
	}
	for _, tt := range tests {
		recs, errs := readAll(t, strings.NewReader(tt.in))
		var se *SyntaxError
		switch {
		case len(recs) != tt.records:
			t.Errorf("%s: %d records; want %d", tt.name, len(recs), tt.records)
		case tt.msg == "" && len(errs) != 0:
			t.Errorf("%s: errors %v; want none", tt.name, errs)
		case tt.msg != "" && (len(errs) != 1 || !errors.As(errs[0], &se) || !strings.Contains(se.Msg, tt.msg)):
			t.Errorf("%s: errors %v; want one *SyntaxError %q", tt.name, errs, tt.msg)
		}
	}
}

func TestErrorMessages(t *testing.T) {
	re := &RecordError{Index: 3, ID: "26-1234", Reason: "idweb manquant"}
	if want := "avis n° 4 du fichier (indice 3, idweb « 26-1234 ») rejeté : idweb manquant"; re.Error() != want {
		t.Errorf("RecordError = %q; want %q", re, want)
	}
	se := &SyntaxError{File: "BOAMP", Offset: 345, Line: 12, Column: 5, Msg: "JSON tronqué"}
	if want := "fichier BOAMP illisible ligne 12, colonne 5 (octet 345) : JSON tronqué"; se.Error() != want {
		t.Errorf("SyntaxError = %q; want %q", se, want)
	}
}
