package buyers

import (
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/phone"
)

// row reads the fields of one line; the first invalid value stops it.
type row struct {
	fields []string
	cols   columns
	line   int
	err    *RowError
}

// get returns the trimmed value of a column, "" when the file lacks it.
func (w *row) get(col string) string {
	i, ok := w.cols[col]
	if !ok || i >= len(w.fields) {
		return ""
	}
	return strings.TrimSpace(w.fields[i])
}

// fail records the first error of the row.
func (w *row) fail(col, value, reason string) {
	if w.err == nil {
		w.err = &RowError{Line: w.line, Column: col, Value: value, Reason: reason, SIRET: w.get(colSIRET)}
	}
}

// check runs a normaliser on an optional column: blank stays blank, an
// invalid value fails the row with the normaliser's French message.
func (w *row) check(col string, normalize func(string) (string, error)) string {
	v := w.get(col)
	if v == "" || w.err != nil {
		return ""
	}
	out, err := normalize(v)
	if err != nil {
		w.fail(col, v, err.Error())
	}
	return out
}

// url reads an optional URL column.
func (w *row) url(col string) string {
	v := w.get(col)
	if v == "" {
		return ""
	}
	out, reason := parseURL(v)
	if reason != "" {
		w.fail(col, v, reason)
	}
	return out
}

// parse turns a row into a buyer, or says what is wrong with it.
func (r *Reader) parse(fields []string, line int) (Record, *RowError) {
	w := &row{fields: fields, cols: r.cols, line: line}
	rec := Record{Line: line}
	b := &rec.Buyer
	b.SIRET = w.check(colSIRET, company.NormalizeSIRET)
	if b.Name = w.get(colName); b.Name == "" {
		w.fail(colName, "", "nom de l'acheteur absent")
	}
	if raw := w.get(colKind); raw == "" {
		w.fail(colKind, "", "type absent ; valeurs admises : "+kindValues)
	} else if k, ok := ParseKind(raw); ok {
		b.Kind = k
	} else {
		w.fail(colKind, raw, "type inconnu ; valeurs admises : "+kindValues)
	}
	b.Email = w.check(colEmail, company.NormalizeEmail)
	b.Phone = w.check(colPhone, phone.Normalize)
	b.ProfileURL = w.url(colProfile)
	b.QAURL = w.url(colQA)
	b.Own = r.own(w)
	if w.err != nil {
		return Record{}, w.err
	}
	r.identify(w, &rec)
	return rec, w.err
}

// own reads notre_organisation.
func (r *Reader) own(w *row) bool {
	v := w.get(colOwn)
	own, ok := parseBool(v)
	if !ok {
		w.fail(colOwn, v, "valeurs admises : oui ou non (true/false, 1/0)")
	}
	return own
}

// identify checks that the buyer is not listed twice, and warns when it has
// no SIRET to be matched by.
func (r *Reader) identify(w *row, rec *Record) {
	siret := rec.Buyer.SIRET
	if siret == "" {
		rec.Warnings = append(rec.Warnings, "colonne siret : SIRET absent, l'acheteur sera rapproché par son nom")
		return
	}
	if first, dup := r.seen[siret]; dup {
		w.fail(colSIRET, siret, "acheteur déjà donné ligne "+strconv.Itoa(first))
		return
	}
	r.seen[siret] = rec.Line
}
