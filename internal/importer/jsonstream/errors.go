package jsonstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// SyntaxError says that a file is not valid JSON from Offset on (a truncated
// download, a corrupted export). Nothing after it can be read.
type SyntaxError struct {
	File         string // the kind of file, for the message: "BOAMP", "DECP"
	Offset       int64  // byte offset of the error in the file, from 0
	Line, Column int    // from 1; 0 when unknown
	Msg          string
}

// Error returns a French message such as
// "fichier BOAMP illisible ligne 12, colonne 5 (octet 345) : JSON tronqué".
func (e *SyntaxError) Error() string {
	where := fmt.Sprintf("octet %d", e.Offset)
	if e.Line > 0 {
		where = fmt.Sprintf("ligne %d, colonne %d (octet %d)", e.Line, e.Column, e.Offset)
	}
	return strings.Join(strings.Fields("fichier "+e.File+" illisible"), " ") + " " + where + " : " + e.Msg
}

// SyntaxError turns an error of the JSON decoder reading from w into a
// *SyntaxError placed in the file; valueStart is where the value being decoded
// began, or -1 when the error comes from Token, whose offsets are already input
// offsets. An error of the underlying reader is returned wrapped, as it is.
func (w *Window) SyntaxError(file string, err error, valueStart int64) error {
	var se *json.SyntaxError
	off, msg := w.End(), "fin de fichier inattendue : le JSON est tronqué"
	switch {
	case errors.As(err, &se):
		msg = FrenchMessage(se.Error())
		off = se.Offset
		if valueStart >= 0 {
			if o, ok := w.ErrorOffset(valueStart); ok {
				off = o
			}
		}
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
	default:
		return fmt.Errorf("lecture du fichier %s : %w", file, err)
	}
	line, col := w.Position(off)
	return &SyntaxError{File: file, Offset: off, Line: line, Column: col, Msg: msg}
}

// ShapeError is a *SyntaxError at offset off for a file that is JSON but not of
// the expected kind.
func (w *Window) ShapeError(file string, off int64, msg string) error {
	line, col := w.Position(off)
	return &SyntaxError{File: file, Offset: off, Line: line, Column: col, Msg: msg}
}

// FrenchMessage translates the messages of encoding/json people may see.
func FrenchMessage(msg string) string {
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
