package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
)

// attachment sends a file of a request to an agent who may read the request.
// It is always a download (never shown inline, whatever its type) with the
// type detected when the file was received; a quarantined file is refused.
func (s *server) attachment(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "Pièce jointe introuvable.")
	}
	a, data, err := s.core.Attachment(r.Context(), v.actor, id)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", downloadName(a.Name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, err = w.Write(data)
	return err
}

// downloadName is the Content-Disposition of a file: an ASCII name for old
// clients and the UTF-8 one (RFC 6266) for the others.
func downloadName(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return '_'
		}
		return r
	}, name)
	var enc strings.Builder
	for _, c := range []byte(name) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			enc.WriteByte(c)
		} else {
			fmt.Fprintf(&enc, "%%%02X", c)
		}
	}
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, enc.String())
}

// Size writes a file size in the page's language ("9,5 Mo", "9.5 MB").
func (p *page) Size(n int64) string {
	s := attach.FormatSize(n)
	if p.Lang == english {
		s = strings.NewReplacer(",", ".", " Mo", " MB", " Ko", " kB", " octets", " bytes").Replace(s)
	}
	return s
}
