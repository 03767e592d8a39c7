// Package decp reads the données essentielles de la commande publique (DECP,
// schema v2, 2024): the awarded contracts buyers publish, with their winners.
//
// The reader streams — national files hold millions of contracts — and
// accepts the shapes files come in: {"marches": {"marche": [...]}}, the
// official example's {"marches": {"marche": {...}}} with a single contract,
// {"marches": [...]} and a bare array. Contracts of concession, under other
// keys of "marches", are skipped. Bad input never stops the stream: a field
// that fails its check is a warning, a contract that cannot be used is a
// *RecordError and the next call goes on, and only a file that stops being
// JSON ends it with a *SyntaxError.
package decp

import (
	"encoding/json"
	"github.com/guichet/guichet/internal/importer/jsonstream"
	"io"
	"time"
)

// Record is one contract (marché) of a DECP file.
type Record struct {
	Index          int    // position in the file, from 0
	ID             string // the buyer's id of the contract
	BuyerSIRET     string // acheteur.id; kept even when it fails the check (then a warning says so)
	Nature         string // Marché, Accord-cadre, Marché subséquent, …
	Object         string
	CPV            string // "45000000-7", with the official check digit
	Procedure      string // Procédure adaptée, Appel d'offres ouvert, …
	DurationMonths int
	NotifiedAt     time.Time
	AmountCents    int64 // HT
	Winners        []Winner
	Modifications  []Modification
	Warnings       []string // what was wrong and left out or corrected, in French
}

// Winner is a titulaire of the contract.
type Winner struct {
	IDType string // SIRET, TVA, TAHITI, RIDET, FRWF, UE, HORS-UE, IREP
	ID     string // the SIRET's 14 digits when IDType is SIRET
}

// Modification is an amendment of the contract as DECP publishes it: the new
// duration, amount or winners, when it changes them.
type Modification struct {
	ID             string
	NotifiedAt     time.Time
	DurationMonths int   // 0 when unchanged
	AmountCents    int64 // 0 when unchanged
	Winners        []Winner
}

// Reader reads the contracts of a DECP JSON file.
type Reader struct {
	win     *jsonstream.Window
	dec     *json.Decoder
	started bool
	single  bool // the contracts are one object whose "{" was read already
	done    bool
	pending error // to return at the next call, after the record read with it
	depth   int   // containers opened and not yet closed
	index   int
}

// NewReader returns a reader of the DECP JSON file r.
func NewReader(r io.Reader) *Reader {
	win := jsonstream.NewWindow(r)
	dec := json.NewDecoder(win)
	dec.UseNumber()
	return &Reader{win: win, dec: dec}
}

// Next returns the next contract. At the end of the file it returns io.EOF.
// A contract that cannot be used is a *RecordError, and the following call
// reads the following one. A file that is not (or no longer) JSON, or is not
// a DECP file, is a *SyntaxError, after which Next returns io.EOF.
func (r *Reader) Next() (Record, error) {
	if r.pending != nil {
		err := r.pending
		r.pending = nil
		return Record{}, err
	}
	if r.done {
		return Record{}, io.EOF
	}
	if err := r.start(); err != nil {
		return Record{}, r.stop(err)
	}
	if r.single {
		return r.singleRecord()
	}
	if !r.dec.More() {
		return Record{}, r.stop(r.finish())
	}
	start := r.dec.InputOffset()
	var v any
	if err := r.dec.Decode(&v); err != nil {
		return Record{}, r.stop(r.syntaxError(err, start))
	}
	return r.record(v)
}

// record turns a decoded contract into a Record, numbering it.
func (r *Reader) record(v any) (Record, error) {
	r.win.Discard(r.dec.InputOffset())
	index := r.index
	r.index++
	return parseRecord(index, v)
}

// singleRecord reads the one contract of {"marches": {"marche": {...}}},
// field by field since its "{" is consumed, then ends the stream.
func (r *Reader) singleRecord() (Record, error) {
	r.single = false
	m := map[string]any{}
	for r.dec.More() {
		tok, err := r.dec.Token()
		if err != nil {
			return Record{}, r.stop(r.syntaxError(err, -1))
		}
		key, _ := tok.(string)
		start := r.dec.InputOffset()
		var v any
		if err := r.dec.Decode(&v); err != nil {
			return Record{}, r.stop(r.syntaxError(err, start))
		}
		m[key] = v
	}
	if _, err := r.dec.Token(); err != nil { // the contract's "}"
		return Record{}, r.stop(r.syntaxError(eofIsUnexpected(err), -1))
	}
	r.depth--
	if err := r.finish(); err != io.EOF {
		r.pending = err // the contract is whole: return it, then the error
	}
	r.done = true
	return r.record(m)
}

func (r *Reader) stop(err error) error {
	r.done = true
	return err
}

func eofIsUnexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
