package boamp

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// RecordError says that one record of the file cannot be imported at all
// (it is not an object, it has no idweb). The reader goes on with the next
// record: the caller reports the rejection and keeps reading.
type RecordError struct {
	Index  int    // position of the record in the file, from 0
	ID     string // its idweb (or id) when it has one
	Reason string // in French, fit to be shown as is
}

// Error returns a French message with the position, such as
// "avis n° 4 du fichier (indice 3, idweb « 26-1234 ») rejeté : idweb manquant".
func (e *RecordError) Error() string {
	id := ""
	if e.ID != "" {
		id = fmt.Sprintf(", idweb « %s »", e.ID)
	}
	return fmt.Sprintf("avis n° %d du fichier (indice %d%s) rejeté : %s", e.Index+1, e.Index, id, e.Reason)
}

// SyntaxError says that the file is not valid JSON from Offset on (a
// truncated download, a corrupted export). Nothing after it can be read:
// Next returns io.EOF from then on.
type SyntaxError struct {
	Offset       int64 // byte offset of the error in the file, from 0
	Line, Column int   // from 1; 0 when unknown
	Msg          string
}

// Error returns a French message such as
// "fichier BOAMP illisible ligne 12, colonne 5 (octet 345) : JSON tronqué".
func (e *SyntaxError) Error() string {
	where := fmt.Sprintf("octet %d", e.Offset)
	if e.Line > 0 {
		where = fmt.Sprintf("ligne %d, colonne %d (octet %d)", e.Line, e.Column, e.Offset)
	}
	return "fichier BOAMP illisible " + where + " : " + e.Msg
}

// syntaxError turns an error of the JSON decoder into a *SyntaxError placed
// in the file; valueStart is where the value being decoded began, or -1 when
// the error comes from Token, whose offsets are already input offsets. An
// error of the underlying reader is returned wrapped, as it is.
func (r *Reader) syntaxError(err error, valueStart int64) error {
	var se *json.SyntaxError
	off, msg := r.win.End(), "fin de fichier inattendue : le JSON est tronqué"
	switch {
	case errors.As(err, &se):
		msg = frenchJSONError(se.Error())
		off = se.Offset
		if valueStart >= 0 {
			if o, ok := r.win.ErrorOffset(valueStart); ok {
				off = o
			}
		}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
	default:
		return fmt.Errorf("lecture du fichier BOAMP : %w", err)
	}
	line, col := r.win.Position(off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

// shapeError is a *SyntaxError for a file that is JSON but not a BOAMP file.
func (r *Reader) shapeError(msg string) error {
	off := r.dec.InputOffset()
	line, col := r.win.Position(off)
	return &SyntaxError{Offset: off, Line: line, Column: col, Msg: msg}
}

// frenchJSONError translates the messages of encoding/json people may see.
func frenchJSONError(msg string) string {
	switch {
	case strings.HasPrefix(msg, "invalid character "):
		c := strings.TrimPrefix(msg, "invalid character ")
		if i := strings.Index(c, "' "); i > 0 {
			c = c[:i+1]
		}
		return "caractère " + c + " inattendu"
	case strings.Contains(msg, "unexpected end of JSON input"), msg == "unexpected EOF":
		return "fin de fichier inattendue : le JSON est tronqué"
	case strings.Contains(msg, "expected comma"):
		return "virgule attendue entre deux éléments"
	case strings.Contains(msg, "expected colon"):
		return "deux-points attendus après une clé"
	}
	return "JSON invalide (" + msg + ")"
}
