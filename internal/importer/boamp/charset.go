package boamp

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// cp1252 gives the characters windows-1252 puts where ISO-8859-1 has C1
// control codes (0x80–0x9F); French text uses a few of them: ’ œ € …
var cp1252 = [32]rune{
	'€', '\u0081', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u008d', 'Ž', '\u008f',
	'\u0090', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u009d', 'ž', 'Ÿ',
}

// charsetReader decodes the single-byte charsets old notices declare.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "iso-8859-15", "windows-1252", "cp1252":
		return &singleByteReader{r: input}, nil
	}
	return nil, fmt.Errorf("jeu de caractères %q non pris en charge (UTF-8, ISO-8859-1 ou windows-1252 attendus)", charset)
}

// singleByteReader turns windows-1252 (a superset of ISO-8859-1 for French
// text) into UTF-8.
type singleByteReader struct {
	r       io.Reader
	pending []byte
}

func (s *singleByteReader) Read(p []byte) (int, error) {
	for len(s.pending) == 0 {
		buf := make([]byte, max(len(p)/2, 1))
		n, err := s.r.Read(buf)
		for _, b := range buf[:n] {
			s.pending = utf8.AppendRune(s.pending, fixC1Rune(rune(b)))
		}
		if err != nil && len(s.pending) == 0 {
			return 0, err
		}
		if n == 0 && err == nil {
			continue
		}
	}
	n := copy(p, s.pending)
	s.pending = s.pending[n:]
	return n, nil
}

// fixC1 replaces the C1 control characters left by text once encoded in
// windows-1252 and decoded as ISO-8859-1 — the sample notices carry
// "d\u0092exécution" for "d’exécution" — by the characters meant.
func fixC1(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r >= 0x80 && r <= 0x9f }) {
		return s
	}
	return strings.Map(fixC1Rune, s)
}

func fixC1Rune(r rune) rune {
	if r >= 0x80 && r <= 0x9f {
		return cp1252[r-0x80]
	}
	return r
}
