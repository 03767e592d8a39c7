package decp

import (
	"fmt"

	"github.com/guichet/guichet/internal/importer/jsonstream"
)

// RecordError says that one record of the file cannot be imported at all
// (it is not an object, it has no id). The reader goes on with the next
// record: the caller reports the rejection and keeps reading.
type RecordError struct {
	Index  int    // position of the record in the file, from 0
	ID     string // its id when it has one
	Reason string // in French, fit to be shown as is
}

// Error returns a French message with the position, such as
// "marché n° 4 du fichier (indice 3, id « 2024-17 ») rejeté : id manquant".
func (e *RecordError) Error() string {
	id := ""
	if e.ID != "" {
		id = fmt.Sprintf(", id « %s »", e.ID)
	}
	return fmt.Sprintf("marché n° %d du fichier (indice %d%s) rejeté : %s", e.Index+1, e.Index, id, e.Reason)
}

// SyntaxError says that the file is not valid JSON from Offset on (a
// truncated download, a corrupted export). Nothing after it can be read:
// Next returns io.EOF from then on.
type SyntaxError = jsonstream.SyntaxError

// syntaxError places an error of the JSON decoder in the file (see
// jsonstream.Window.SyntaxError).
func (r *Reader) syntaxError(err error, valueStart int64) error {
	return r.win.SyntaxError("DECP", err, valueStart)
}

// shapeError is a *SyntaxError for a file that is JSON but not a DECP file.
func (r *Reader) shapeError(msg string) error {
	return r.win.ShapeError("DECP", r.dec.InputOffset(), msg)
}
