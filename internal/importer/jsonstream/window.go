// Package jsonstream holds what the streaming JSON readers of the importers
// (BOAMP, DECP) share: a window over the input that gives a syntax error its line
// and column without holding the file.
package jsonstream

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
)

// Window passes the input to the JSON decoder and keeps the bytes the decoder
// has read but not yet consumed, with the line and column where they start.
// That is all it takes to give a syntax error its line and column without
// holding the file: Next discards what each record consumed, so the window
// stays the size of one record plus the decoder's read-ahead.
type Window struct {
	r         io.Reader
	buf       []byte // input from base to what was read so far
	base      int64  // input offset of buf[0]
	line, col int    // position of base, from 1
}

// NewWindow wraps r; pass the window to the JSON decoder.
func NewWindow(r io.Reader) *Window { return &Window{r: r, line: 1, col: 1} }

// Read implements io.Reader.
func (w *Window) Read(p []byte) (int, error) {
	n, err := w.r.Read(p)
	w.buf = append(w.buf, p[:n]...)
	return n, err
}

// End is the number of bytes read from the input so far.
func (w *Window) End() int64 { return w.base + int64(len(w.buf)) }

// Discard forgets the input before offset to, counting its lines.
func (w *Window) Discard(to int64) {
	k := int(min(max(to-w.base, 0), int64(len(w.buf))))
	w.line, w.col = advance(w.line, w.col, w.buf[:k])
	n := copy(w.buf, w.buf[k:])
	w.buf = w.buf[:n]
	w.base += int64(k)
}

// Position returns the line and column (from 1, in characters) of an input
// offset still in the window, or 0, 0 when it was discarded already.
func (w *Window) Position(off int64) (line, col int) {
	if off < w.base {
		return 0, 0
	}
	k := int(min(off-w.base, int64(len(w.buf))))
	return advance(w.line, w.col, w.buf[:k])
}

// ErrorOffset finds where the value starting at offset start breaks, by
// scanning it again on its own: the decoder's own offsets count only the
// bytes it scanned for values, not the input offset. A leading comma (the
// decoder had not consumed it yet) is skipped. ok is false when the bytes in
// the window are valid so far (the value was cut short by the end of input).
func (w *Window) ErrorOffset(start int64) (int64, bool) {
	if start < w.base || start > w.End() {
		return 0, false
	}
	b := w.buf[start-w.base:]
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r' || b[i] == ',') {
		i++
	}
	var v any
	var se *json.SyntaxError
	if err := json.NewDecoder(bytes.NewReader(b[i:])).Decode(&v); errors.As(err, &se) && se.Offset > 0 {
		return start + int64(i) + se.Offset - 1, true
	}
	return 0, false
}

// advance moves a line and column over b; UTF-8 continuation bytes do not
// count as columns.
func advance(line, col int, b []byte) (int, int) {
	for _, c := range b {
		switch {
		case c == '\n':
			line, col = line+1, 1
		case c&0xC0 != 0x80:
			col++
		}
	}
	return line, col
}

// Held is the capacity of the bytes the window keeps, for tests that check that
// memory stays the size of one record.
func (w *Window) Held() int { return cap(w.buf) }
