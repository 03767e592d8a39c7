// Package buyers reads the CSV file in which a cell lists its public buyers
// (acheteurs): the region, the départements, the cities, the hospitals, the
// State services of its territory, with their contact, their buyer profile,
// where candidates ask their questions, and which of them is the cell's own
// organisation.
//
// The file has a header line, in UTF-8 (a byte-order mark is fine) or in
// Latin-1 / Windows-1252 as spreadsheets save it, with "," or ";" between
// fields. Columns: siret, nom (or name) and type are required; email,
// telephone (or phone), profil_acheteur, questions_reponses and
// notre_organisation are optional. Any other column is ignored with one
// warning.
//
// A buyer is identified by its SIRET, so a SIRET that fails its check
// rejects the row: kept under a wrong number, the buyer would be created a
// second time when BOAMP or DECP data brings the right one. A row with no
// SIRET at all is kept with a warning when it has a name, the way notices
// that give only a name are; the importer then matches it by name. Every
// other value that is given must be valid — a wrong type would give the
// wrong payment delay (30 days, 50 for a hospital) — and a wrong one
// rejects the row with a *RowError naming the line, the column and the
// value; the other rows are still read.
package buyers

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/guichet/guichet/internal/tender"
	"golang.org/x/text/encoding/charmap"
)

// maxFileBytes bounds the file, which is read whole to detect its encoding:
// a region's buyers fit in a few hundred kilobytes.
const maxFileBytes = 16 << 20

// Record is one buyer read from the file, valid, perhaps with warnings.
type Record struct {
	Line     int // 1-based line in the file; the header is line 1
	Buyer    tender.Buyer
	Warnings []string
}

// RowError explains why a row was rejected.
type RowError struct {
	Line   int
	Column string // canonical column name; "" when the row as a whole is wrong
	Value  string // the value as written
	Reason string // French, fit to be shown as is
	SIRET  string // the row's SIRET as written, to name the buyer in a report; may be ""
}

// Error returns "ligne 7, colonne email (« jean@ ») : …".
func (e *RowError) Error() string {
	switch {
	case e.Column == "":
		return fmt.Sprintf("ligne %d : %s", e.Line, e.Reason)
	case e.Value == "":
		return fmt.Sprintf("ligne %d, colonne %s : %s", e.Line, e.Column, e.Reason)
	}
	return fmt.Sprintf("ligne %d, colonne %s (« %s ») : %s", e.Line, e.Column, shorten(e.Value), e.Reason)
}

// Stats counts the rows read so far: Read = Kept + Rejected. Blank rows, as
// spreadsheets leave at the end, are not counted.
type Stats struct {
	Read, Kept, Rejected int
}

// Reader reads buyers one row at a time. It is not safe for concurrent use.
type Reader struct {
	csv      *csv.Reader
	cols     columns
	width    int
	warnings []string
	seen     map[string]int // SIRET → line, to catch a buyer listed twice
	stats    Stats
	err      error // sticky: io.EOF or what stopped the reading
}

// NewReader reads the header and returns a reader positioned on the first
// row. It fails with a *HeaderError when a required column is missing.
func NewReader(r io.Reader) (*Reader, error) {
	data, warnings, err := readText(r)
	if err != nil {
		return nil, err
	}
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma = sniffSeparator(data)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &HeaderError{Reason: "le fichier est vide"}
	}
	if err != nil {
		return nil, fmt.Errorf("lecture de l'en-tête du fichier des acheteurs : %w", err)
	}
	cols, more, err := mapHeader(header)
	if err != nil {
		return nil, err
	}
	return &Reader{csv: cr, cols: cols, width: len(header), warnings: append(warnings, more...), seen: map[string]int{}}, nil
}

// readText reads the whole file as UTF-8, dropping a byte-order mark and
// decoding Windows-1252 (the Latin-1 of spreadsheets) when the bytes are not
// UTF-8, which it then says in a warning.
func readText(r io.Reader) ([]byte, []string, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, nil, fmt.Errorf("lecture du fichier des acheteurs : %w", err)
	}
	if len(data) > maxFileBytes {
		return nil, nil, &HeaderError{Reason: "fichier de plus de 16 Mo : ce n'est pas une liste d'acheteurs"}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if utf8.Valid(data) {
		return data, nil, nil
	}
	decoded, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return nil, nil, fmt.Errorf("décodage Latin-1 du fichier des acheteurs : %w", err)
	}
	return decoded, []string{"le fichier n'est pas en UTF-8 : lu en Latin-1 (Windows-1252)"}, nil
}

// sniffSeparator picks ";" when the header line has more of them than ",".
func sniffSeparator(data []byte) rune {
	head, _, _ := bytes.Cut(data, []byte{'\n'})
	if bytes.Count(head, []byte{';'}) > bytes.Count(head, []byte{','}) {
		return ';'
	}
	return ','
}

// Warnings returns what the header and the encoding gave rise to: unknown
// columns, a Latin-1 file. They concern the whole file, not one row.
func (r *Reader) Warnings() []string { return r.warnings }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Next returns the next buyer. A row that cannot be read gives a *RowError,
// and the call after it goes on with the following row; at the end of the
// file Next returns io.EOF.
func (r *Reader) Next() (Record, error) {
	for r.err == nil {
		fields, err := r.csv.Read()
		var pe *csv.ParseError
		switch {
		case errors.As(err, &pe):
			r.stats.Read++
			return r.reject(&RowError{Line: pe.StartLine, Reason: "CSV mal formé : " + pe.Err.Error()})
		case err != nil:
			r.err = err
			continue
		}
		line, _ := r.csv.FieldPos(0)
		if blank(fields) {
			continue
		}
		r.stats.Read++
		if len(fields) != r.width {
			reason := fmt.Sprintf("%d champs au lieu des %d de l'en-tête", len(fields), r.width)
			return r.reject(&RowError{Line: line, Reason: reason, SIRET: (&row{fields: fields, cols: r.cols}).get(colSIRET)})
		}
		rec, rowErr := r.parse(fields, line)
		if rowErr != nil {
			return r.reject(rowErr)
		}
		r.stats.Kept++
		return rec, nil
	}
	return Record{}, r.err
}

// reject counts a rejected row and returns its error.
func (r *Reader) reject(e *RowError) (Record, error) {
	r.stats.Rejected++
	return Record{}, e
}

// blank reports a row of empty fields (";;;;;").
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// shorten keeps a pasted paragraph from filling the error message.
func shorten(s string) string {
	const maxRunes = 60
	if r := []rune(s); len(r) > maxRunes {
		return string(r[:maxRunes]) + "…"
	}
	return s
}
