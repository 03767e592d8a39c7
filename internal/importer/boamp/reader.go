// Package boamp reads BOAMP notices, the open data of the Bulletin officiel
// des annonces des marchés publics (DILA's dataset "boamp"): the JSON records
// of the API and of the export, and the legacy XML notices.
//
// The JSON reader streams: real exports are hundreds of megabytes, so the file
// is decoded one record at a time and memory stays the size of one record.
// Bad input never stops the stream: a record with a broken field comes back
// with a warning, a record that cannot be used at all is a *RecordError and
// the next call goes on, and only a file that stops being JSON ends it with a
// *SyntaxError.
package boamp

import (
	"encoding/json"
	"github.com/guichet/guichet/internal/importer/jsonstream"
	"io"

	"github.com/guichet/guichet/internal/tender"
)

// Record is one BOAMP notice read from a file.
type Record struct {
	Index        int    // position in the file, from 0
	IDWeb        string // BOAMP's id of the notice, "26-12345"
	Consultation tender.Consultation
	Buyer        tender.Buyer
	Nature       string // APPEL_OFFRE, ATTRIBUTION, RECTIFICATIF, …
	Cancelled    bool   // the notice cancels the consultation (etat AVIS_ANNULE, ANNULATION)
	// Linked are the idwebs of the notices this one refers to (annonce_lie); an
	// award or a cancellation then carries the initial notice's reference.
	Linked   []string
	Warnings []string // what was wrong and left out or corrected, in French
}

// Reader reads the records of a BOAMP JSON file, in both shapes: the API page
// {"total_count": N, "results": [...]} and the export array [...].
type Reader struct {
	win     *jsonstream.Window
	dec     *json.Decoder
	started bool
	done    bool
	depth   int // containers opened and not yet closed
	index   int
}

// NewReader returns a reader of the BOAMP JSON file r.
func NewReader(r io.Reader) *Reader {
	win := jsonstream.NewWindow(r)
	dec := json.NewDecoder(win)
	dec.UseNumber()
	return &Reader{win: win, dec: dec}
}

// Next returns the next record. At the end of the file it returns io.EOF.
// A record that cannot be used is a *RecordError, and the following call
// reads the following record. A file that is not (or no longer) JSON, or is
// not a BOAMP file, is a *SyntaxError, after which Next returns io.EOF.
func (r *Reader) Next() (Record, error) {
	if r.done {
		return Record{}, io.EOF
	}
	if err := r.start(); err != nil {
		return Record{}, r.stop(err)
	}
	if !r.dec.More() {
		return Record{}, r.stop(r.finish())
	}
	start := r.dec.InputOffset()
	var v any
	if err := r.dec.Decode(&v); err != nil {
		return Record{}, r.stop(r.syntaxError(err, start))
	}
	r.win.Discard(r.dec.InputOffset())
	index := r.index
	r.index++
	return parseRecord(index, v)
}

// stop ends the stream: every later call returns io.EOF.
func (r *Reader) stop(err error) error {
	r.done = true
	return err
}

// start finds the array of records the first time: the file itself, or the
// "results" of an API page.
func (r *Reader) start() error {
	if r.started {
		return nil
	}
	r.started = true
	tok, err := r.dec.Token()
	if err == io.EOF {
		return r.shapeError("le fichier est vide")
	}
	if err != nil {
		return r.syntaxError(err, -1)
	}
	r.depth = 1
	switch tok {
	case json.Delim('['):
		return nil
	case json.Delim('{'):
		return r.seekResults()
	}
	return r.shapeError("ni tableau d'avis ni page de l'API : le fichier ne commence ni par [ ni par {")
}

// seekResults moves into the "results" array of an API page, skipping the
// other keys (total_count, links…) whatever their order.
func (r *Reader) seekResults() error {
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntaxError(err, -1)
		}
		if key, _ := tok.(string); key == "results" {
			if tok, err = r.dec.Token(); err != nil {
				return r.syntaxError(err, -1)
			}
			if tok != json.Delim('[') {
				return r.shapeError("« results » n'est pas un tableau d'avis")
			}
			r.depth++
			return nil
		}
		if err := r.skipValue(); err != nil {
			return err
		}
	}
	return r.shapeError("objet JSON sans clé « results » : ce n'est pas une page de l'API BOAMP")
}

// finish reads what follows the last record up to the end of the document,
// so that a file cut after its last record is still reported as cut.
func (r *Reader) finish() error {
	for r.depth > 0 {
		tok, err := r.dec.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return r.syntaxError(err, -1)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			r.depth++
		case json.Delim(']'), json.Delim('}'):
			r.depth--
		}
	}
	return io.EOF
}

// skipValue reads past one value token by token, so that a large value the
// reader does not need is never held whole.
func (r *Reader) skipValue() error {
	depth := 0
	for {
		tok, err := r.dec.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return r.syntaxError(err, -1)
		}
		switch tok {
		case json.Delim('['), json.Delim('{'):
			depth++
		case json.Delim(']'), json.Delim('}'):
			depth--
		}
		if depth == 0 {
			r.win.Discard(r.dec.InputOffset())
			return nil
		}
	}
}
