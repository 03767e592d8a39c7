package sirene

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// utf8BOM is the byte-order mark spreadsheet software writes at the start
// of a UTF-8 CSV.
var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// skipBOM drops a leading UTF-8 byte-order mark and reports whether there
// was one: a file that declares UTF-8 is not sniffed for Latin-1.
func skipBOM(br *bufio.Reader) bool {
	head, _ := br.Peek(len(utf8BOM))
	if !bytes.Equal(head, utf8BOM) {
		return false
	}
	br.Discard(len(utf8BOM))
	return true
}

// sniffSeparator reads the header line without consuming it and returns ","
// or ";", whichever it holds more of. INSEE writes ","; a file saved again by
// a French spreadsheet has ";". The header must fit in the buffer.
func sniffSeparator(br *bufio.Reader) (byte, error) {
	head, err := peekLine(br)
	if len(head) == 0 && err != nil {
		if err == io.EOF {
			return 0, &HeaderError{Reason: "le fichier est vide"}
		}
		return 0, err
	}
	if bytes.Count(head, []byte{';'}) > bytes.Count(head, []byte{','}) {
		return ';', nil
	}
	return ',', nil
}

// peekLine returns the first line without consuming it, growing the peek
// until a newline shows, the file ends or the buffer is full.
func peekLine(br *bufio.Reader) ([]byte, error) {
	for n := 4096; ; n *= 2 {
		head, err := br.Peek(min(n, br.Size()))
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			return head[:i], nil
		}
		switch {
		case err == io.EOF && len(head) > 0:
			return head, nil // a header and nothing else
		case err != nil && !errors.Is(err, bufio.ErrBufferFull):
			return head, err
		case len(head) == br.Size():
			return nil, &HeaderError{Reason: "pas de fin de ligne dans le premier Mio : ce n'est pas un fichier CSV"}
		}
	}
}

// encoding is what textReader knows of the file's encoding.
type encoding int

const (
	undecided encoding = iota // only ASCII seen so far
	isUTF8
	isLatin1
)

// textReader yields UTF-8 whatever the file's encoding. ASCII is the same in
// UTF-8 and in Latin-1, so it passes bytes through until the first non-ASCII
// byte and decides there, once for the whole file: a valid UTF-8 sequence
// means UTF-8, anything else Latin-1. The decision costs no look-ahead and
// works on a stream; a file whose first accented letter is valid UTF-8 and a
// later one is not is a broken file, read as UTF-8 (the reader then warns on
// the names it has to repair).
//
// Latin-1 is decoded as Windows-1252, its superset: that is what "Latin-1"
// files saved on Windows really are, and it keeps "œ" and "€" (0x9C, 0x80),
// which ISO-8859-1 turns into control characters.
type textReader struct {
	br     *bufio.Reader
	enc    encoding
	latin1 io.Reader
}

func newTextReader(br *bufio.Reader, declaredUTF8 bool) *textReader {
	t := &textReader{br: br}
	if declaredUTF8 {
		t.enc = isUTF8
	}
	return t
}

// Read implements io.Reader.
func (t *textReader) Read(p []byte) (int, error) {
	switch t.enc {
	case isUTF8:
		return t.br.Read(p)
	case isLatin1:
		return t.latin1.Read(p)
	}
	return t.readUndecided(p)
}

// readUndecided hands out the ASCII prefix of what is buffered, and decides
// the encoding when a non-ASCII byte is next.
func (t *textReader) readUndecided(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if _, err := t.br.Peek(1); err != nil {
		return 0, err
	}
	buf, _ := t.br.Peek(min(t.br.Buffered(), len(p)))
	if i := indexNonASCII(buf); i != 0 {
		if i > 0 {
			buf = buf[:i]
		}
		n := copy(p, buf)
		t.br.Discard(n)
		return n, nil
	}
	// Peek up to a whole rune; at the end of the file it may be shorter,
	// and a truncated sequence is not UTF-8 either.
	head, _ := t.br.Peek(utf8.UTFMax)
	if r, size := utf8.DecodeRune(head); r == utf8.RuneError && size <= 1 {
		t.enc = isLatin1
		t.latin1 = charmap.Windows1252.NewDecoder().Reader(t.br)
	} else {
		t.enc = isUTF8
	}
	return t.Read(p)
}

// indexNonASCII returns the index of the first byte ≥ 0x80 in b, or -1. It
// tests eight bytes at a time: a pure-ASCII file stays undecided to its end,
// so this runs over every byte of it.
func indexNonASCII(b []byte) int {
	const high = 0x8080808080808080
	i := 0
	for ; i+8 <= len(b); i += 8 {
		if binary.LittleEndian.Uint64(b[i:])&high != 0 {
			break
		}
	}
	for ; i < len(b); i++ {
		if b[i] >= utf8.RuneSelf {
			return i
		}
	}
	return -1
}
