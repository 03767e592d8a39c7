package sirene

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/guichet/guichet/internal/company"
)

// bufferSize is the read buffer on the file: large reads keep the system
// calls few on a multi-gigabyte file, and the header must fit in it.
const bufferSize = 1 << 20

// Options choose which rows Next returns.
type Options struct {
	// Departements keeps only the establishments whose commune code
	// (codeCommuneEtablissement, never the postal code) lies in one of these
	// départements ("01", "2A", "974"; "1" and "2a" are accepted). Empty
	// keeps every row. A legal-unit file has no commune: a filter on it is
	// refused by NewReader.
	Departements []string
	// ActiveOnly keeps only the rows whose administrative state is "A"
	// (etatAdministratifEtablissement, or etatAdministratifUniteLegale on a
	// legal-unit file); closed ones ("F", "C") are counted as filtered.
	ActiveOnly bool
}

// Stats counts the data rows seen so far: Read = Kept + Filtered + Rejected.
// Rows kept with warnings count as kept.
type Stats struct {
	Read     int // data rows, the header not included
	Kept     int // returned by Next as records
	Filtered int // left out by Options
	Rejected int // returned by Next as *RowError
}

// Reader streams the records of a SIRENE stock file. Its memory does not grow
// with the file: one record is held at a time. It is not safe for concurrent
// use.
type Reader struct {
	csv    *csv.Reader
	cols   columns
	kind   FileKind
	width  int             // fields per row, from the header
	deps   map[string]bool // nil: no département filter
	active bool
	stats  Stats
	line   int   // line of the last row read, to place fatal errors
	err    error // sticky: io.EOF or the error that stopped the stream
}

// NewReader reads the header of a StockEtablissement or StockUniteLegale
// file and returns a reader positioned on the first row. It fails with a
// *HeaderError when required columns are missing, naming them, and with an
// error when o.Departements holds something that is not a département.
func NewReader(r io.Reader, o Options) (*Reader, error) {
	return newReader(r, o, bufferSize)
}

// newReader takes the buffer size so that the fuzz test can read thousands
// of tiny inputs a second: a fresh 1 MiB buffer costs most of a millisecond
// in page faults.
func newReader(r io.Reader, o Options, size int) (*Reader, error) {
	deps, err := departementSet(o.Departements)
	if err != nil {
		return nil, err
	}
	src := bufio.NewReaderSize(r, size)
	declaredUTF8 := skipBOM(src)
	sep, err := sniffSeparator(src)
	if err != nil {
		return nil, err
	}
	// csv gets its own buffer over the guard so that it reads in large
	// chunks instead of its 4 KiB default.
	cr := csv.NewReader(bufio.NewReaderSize(newGuard(newTextReader(src, declaredUTF8), sep), min(size, 64<<10)))
	cr.Comma = rune(sep)
	cr.ReuseRecord = true // one []string for the whole file
	cr.FieldsPerRecord = -1
	fields, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("lecture de l'en-tête SIRENE : %w", err)
	}
	h, err := newHeader(fields)
	if err != nil {
		return nil, err
	}
	cols, kind, err := mapColumns(h, o)
	if err != nil {
		return nil, err
	}
	return &Reader{csv: cr, cols: cols, kind: kind, width: len(fields), deps: deps, active: o.ActiveOnly, line: 1}, nil
}

// departementSet canonicalises the filter ("1" → "01", "2a" → "2A").
func departementSet(list []string) (map[string]bool, error) {
	if len(list) == 0 {
		return nil, nil
	}
	t, err := company.ParseTerritory("filtre", strings.Join(list, ","))
	if err != nil {
		return nil, fmt.Errorf("filtre par département : %w", err)
	}
	set := make(map[string]bool, len(t.Departements))
	for _, d := range t.Departements {
		set[d] = true
	}
	return set, nil
}

// Kind tells whether the file is StockEtablissement or StockUniteLegale.
func (r *Reader) Kind() FileKind { return r.kind }

// Stats returns the counts so far.
func (r *Reader) Stats() Stats { return r.stats }

// Next returns the next row kept by the options. A row that cannot be read
// gives a *RowError, and the call after it goes on with the following row.
// At the end of the file Next returns io.EOF; any other error stops the
// stream and every later call returns it again.
func (r *Reader) Next() (Record, error) {
	for r.err == nil {
		fields, err := r.csv.Read()
		if err != nil {
			if rowErr := r.readError(err); rowErr != nil {
				return Record{}, rowErr
			}
			continue
		}
		r.stats.Read++
		r.line, _ = r.csv.FieldPos(0)
		if len(fields) != r.width {
			r.stats.Rejected++
			return Record{}, r.rowError(fields, "", fmt.Sprintf("%d champs au lieu des %d de l'en-tête", len(fields), r.width))
		}
		if r.filtered(fields) {
			r.stats.Filtered++
			continue
		}
		rec, rowErr := r.record(fields)
		if rowErr != nil {
			r.stats.Rejected++
			return Record{}, rowErr
		}
		r.stats.Kept++
		return rec, nil
	}
	return Record{}, r.err
}

// readError sorts what csv.Read returned: a malformed row is a *RowError
// and the stream goes on; the end of the file or anything else stops it.
func (r *Reader) readError(err error) *RowError {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe) && !errors.Is(err, errRecordTooLong):
		r.stats.Read++
		r.stats.Rejected++
		r.line = pe.StartLine
		return &RowError{Line: pe.StartLine, Reason: "CSV mal formé : " + csvReason(pe.Err)}
	case err == io.EOF:
		r.err = io.EOF
	default:
		r.err = fmt.Errorf("fichier SIRENE illisible après la ligne %d : %w", r.line, err)
	}
	return nil
}

// csvReason translates encoding/csv's errors.
func csvReason(err error) string {
	switch {
	case errors.Is(err, csv.ErrBareQuote):
		return "guillemet dans un champ qui n'est pas entre guillemets"
	case errors.Is(err, csv.ErrQuote):
		return "guillemet mal placé ou jamais refermé"
	}
	return err.Error()
}

// filtered applies the options, before any other work on the row: most rows
// of a national file are dropped here.
func (r *Reader) filtered(fields []string) bool {
	if r.deps != nil && !r.deps[quickDepartement(fields[r.cols.commune])] {
		return true
	}
	return r.active && strings.TrimSpace(fields[r.cols.etat]) != "A"
}

// quickDepartement reads the département a commune code would have, without
// validating it: rows whose prefix is not in the filter are dropped at the
// cost of a map lookup, and DepartementFromCommune checks the rest. For any
// code that DepartementFromCommune accepts, it returns the same answer.
func quickDepartement(code string) string {
	c := strings.TrimSpace(code)
	if len(c) < 3 {
		return ""
	}
	switch c[:2] {
	case "97", "98":
		return c[:3]
	case "2a":
		return "2A"
	case "2b":
		return "2B"
	}
	return c[:2]
}
