package sirene

import (
	"bytes"
	"errors"
	"io"
)

// maxRecordBytes bounds one CSV record. A SIRENE line is under 1 KiB; the
// bound exists because encoding/csv has none: a quote that is never closed
// makes it buffer everything up to the next quote, which in a 6 GB file with
// few quotes is the rest of the file.
const maxRecordBytes = 1 << 20

// errRecordTooLong stops the stream: past a runaway quote there is no telling
// where the next record starts.
var errRecordTooLong = errors.New("enregistrement de plus de 1 Mio : un guillemet ouvert n'est jamais refermé, " +
	"ou le fichier n'est pas un CSV")

// quoteState follows encoding/csv's own reading of quotes (LazyQuotes off).
type quoteState int

const (
	outside   quoteState = iota // between fields or in an unquoted field
	inQuotes                    // in a quoted field
	quoteSeen                   // a quote inside a quoted field: closing, or the first of ""
	skipLine                    // csv met a stray quote and drops the rest of the line
)

// guard watches the bytes on their way to encoding/csv and fails the read
// when a record grows past limit, so that memory stays bounded on a corrupt
// file. It mirrors csv's quote rules just enough to know where records end;
// it never changes the bytes. Quotes, separators and newlines are ASCII, so
// it works on the UTF-8 that textReader produces.
type guard struct {
	r     io.Reader
	sep   byte
	limit int
	state quoteState
	prev  byte // last byte seen outside quotes; '\n' at a line start
	size  int  // bytes since the current record began
}

func newGuard(r io.Reader, sep byte) *guard {
	return &guard{r: r, sep: sep, limit: maxRecordBytes, prev: '\n'}
}

// Read implements io.Reader.
func (g *guard) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		switch g.state {
		case outside:
			b = g.outside(b)
		case inQuotes:
			b = g.inQuotes(b)
		case quoteSeen:
			b = g.quoteSeen(b)
		case skipLine:
			b = g.skipLine(b)
		}
		if g.size > g.limit {
			return 0, errRecordTooLong
		}
	}
	return n, err
}

// outside scans to the next quote. A quote that opens a field (after a
// separator or at a line start) starts a quoted field; anywhere else it is a
// stray quote, which makes csv reject the row and skip the rest of the line.
func (g *guard) outside(b []byte) []byte {
	i := bytes.IndexByte(b, '"')
	seg := b
	if i >= 0 {
		seg = b[:i]
	}
	if j := bytes.LastIndexByte(seg, '\n'); j >= 0 {
		g.size = len(seg) - j - 1
	} else {
		g.size += len(seg)
	}
	if len(seg) > 0 {
		g.prev = seg[len(seg)-1]
	}
	if i < 0 {
		return nil
	}
	g.size++
	if g.prev == g.sep || g.prev == '\n' {
		g.state = inQuotes
	} else {
		g.state = skipLine
	}
	return b[i+1:]
}

// inQuotes scans to the next quote; newlines inside quotes do not end the
// record, so they do not reset its size.
func (g *guard) inQuotes(b []byte) []byte {
	i := bytes.IndexByte(b, '"')
	if i < 0 {
		g.size += len(b)
		return nil
	}
	g.size += i + 1
	g.state = quoteSeen
	return b[i+1:]
}

// quoteSeen reads the byte after a quote in a quoted field: another quote is
// an escaped one; a separator or a line end closes the field (and is left
// for outside to count); anything else is csv's ErrQuote, and the rest of
// the line is dropped.
func (g *guard) quoteSeen(b []byte) []byte {
	switch c := b[0]; {
	case c == '"':
		g.state = inQuotes
		g.size++
		return b[1:]
	case c == g.sep || c == '\n' || c == '\r':
		g.state = outside
		g.prev = '"'
	default:
		g.state = skipLine
	}
	return b
}

// skipLine drops bytes up to the end of the line, where a new record starts.
func (g *guard) skipLine(b []byte) []byte {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		g.size += len(b)
		return nil
	}
	g.state, g.prev, g.size = outside, '\n', 0
	return b[i+1:]
}
