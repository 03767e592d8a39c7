package mail

import (
	"bytes"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/ianaindex"
)

// French mail comes in UTF-8, ISO-8859-1/15 or Windows-1252, and now and then
// with no charset or a wrong one. The rule: a declared charset Go knows is used;
// text that is valid UTF-8 is UTF-8 (most mislabelled mail is); anything else is
// read as Windows-1252, a superset of Latin-1 that maps every byte, so no text
// is ever lost — at worst a few characters are wrong, and the agent is told.

// decodeText turns the bytes of a text part into UTF-8.
func decodeText(b []byte, charset string, p *Parsed) string {
	cs := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"'`))
	switch cs {
	case "utf-8", "utf8", "us-ascii", "ascii":
		if utf8.Valid(b) {
			return string(b)
		}
		p.problem("jeu de caractères annoncé incorrect (" + charset + ") : texte lu en Windows-1252")
		return windows1252(b)
	case "":
		if utf8.Valid(b) {
			return string(b)
		}
		p.problem("jeu de caractères absent : texte lu en Windows-1252")
		return windows1252(b)
	}
	enc := lookupCharset(cs)
	if enc == nil {
		p.problem(fmt.Sprintf("jeu de caractères inconnu « %s » : texte deviné", charset))
		if utf8.Valid(b) {
			return string(b)
		}
		return windows1252(b)
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		p.problem(fmt.Sprintf("texte mal encodé en %s : lu en Windows-1252", charset))
		return windows1252(b)
	}
	return string(out)
}

func lookupCharset(cs string) encoding.Encoding {
	if cs == "iso-8859-1" || cs == "latin1" || cs == "latin-1" {
		// Senders who say Latin-1 often mean Windows-1252 (curly quotes, €, œ).
		return charmap.Windows1252
	}
	if enc, err := ianaindex.MIME.Encoding(cs); err == nil && enc != nil {
		return enc
	}
	if enc, err := htmlindex.Get(cs); err == nil && enc != nil {
		return enc
	}
	return nil
}

func windows1252(b []byte) string {
	out, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	return string(out)
}

// decodeWords decodes RFC 2047 encoded words in a header ("=?iso-8859-1?Q?…?=");
// a raw 8-bit header is read like a text part without charset.
func decodeWords(s string, p *Parsed) string {
	if s == "" {
		return s
	}
	d := mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
		b, err := io.ReadAll(r)
		if err != nil {
			return nil, err
		}
		return strings.NewReader(decodeText(b, charset, p)), nil
	}}
	out, err := d.DecodeHeader(s)
	if err != nil {
		out = s
	}
	if !utf8.ValidString(out) {
		out = decodeText([]byte(out), "", p)
	}
	return string(bytes.ToValidUTF8([]byte(out), []byte("\uFFFD")))
}
