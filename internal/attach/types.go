package attach

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gabriel-vasile/mimetype"

	"github.com/guichet/guichet/internal/errs"
)

// allowed lists the types the cell accepts, detected from the content, with the
// extension a stored name gets when the name sent says otherwise. They are what
// companies send a procurement cell: documents, spreadsheets, scans, photos, a
// consultation's zipped documents, a forwarded mail. Executables, scripts, HTML
// and anything unrecognised are refused.
var allowed = map[string]string{
	"application/pdf":               ".pdf",
	"image/png":                     ".png",
	"image/jpeg":                    ".jpg",
	"image/gif":                     ".gif",
	"image/webp":                    ".webp",
	"image/tiff":                    ".tif",
	"text/plain":                    ".txt",
	"text/csv":                      ".csv",
	"application/zip":               ".zip",
	"message/rfc822":                ".eml",
	"application/msword":            ".doc",
	"application/vnd.ms-excel":      ".xls",
	"application/vnd.ms-powerpoint": ".ppt",
	"application/vnd.ms-outlook":    ".msg",
	"application/vnd.openxmlformats-officedocument.wordprocessingml.document":   ".docx",
	"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":         ".xlsx",
	"application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
	"application/vnd.oasis.opendocument.text":                                   ".odt",
	"application/vnd.oasis.opendocument.spreadsheet":                            ".ods",
	"application/vnd.oasis.opendocument.presentation":                           ".odp",
	"application/rtf": ".rtf",
	"text/rtf":        ".rtf",
	"application/xml": ".xml",
	"text/xml":        ".xml",
}

// extensions the stored name may keep for a type besides its main one.
var aliases = map[string][]string{
	".jpg": {".jpeg", ".jpe"}, ".tif": {".tiff"}, ".txt": {".text", ".log", ".md"},
	".xml": {".xsd"}, ".zip": {}, ".eml": {},
}

// Detect returns the content type of data, judged from its bytes alone, or an
// invalid-field error naming the file when the type is not accepted. A file
// whose name says .pdf but whose content is a Windows program is refused.
func Detect(name string, data []byte) (string, error) {
	if len(data) == 0 {
		return "", errs.Field("attachments", fmt.Sprintf("« %s » est vide", name))
	}
	// Only the most precise type counts: walking up to its parents would let an
	// SVG (with its scripts) pass as XML, or a Java archive as a ZIP.
	ct, _, _ := strings.Cut(mimetype.Detect(data).String(), ";")
	if _, ok := allowed[ct]; ok && acceptable(ct, data) {
		return ct, nil
	}
	what := ct
	return "", errs.Field("attachments", fmt.Sprintf("« %s » : type de fichier refusé (%s) ; envoyez un PDF, "+
		"une image, un document bureautique, un texte ou une archive ZIP", name, describe(what)))
}

// acceptable applies the checks the type detector leaves out: text must be
// text (no NUL byte, and UTF-8 or a single-byte encoding), so that a binary is
// not accepted as "text/plain" because nothing else matched.
func acceptable(ct string, data []byte) bool {
	if !strings.HasPrefix(ct, "text/") && ct != "application/xml" {
		return true
	}
	head := data[:min(len(data), 8192)]
	for _, b := range head {
		if b == 0 {
			return false
		}
	}
	if utf8.Valid(head) {
		return true
	}
	// Latin-1 or Windows-1252 text: printable single bytes only.
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			return false
		}
	}
	return true
}

// describe names a refused type for a person.
func describe(ct string) string {
	switch {
	case strings.Contains(ct, "msdownload"), strings.Contains(ct, "executable"), strings.Contains(ct, "elf"),
		strings.Contains(ct, "mach-binary"), strings.Contains(ct, "dosexec"):
		return "programme exécutable"
	case strings.Contains(ct, "html"):
		return "page HTML"
	case strings.Contains(ct, "javascript"), strings.Contains(ct, "shellscript"), strings.Contains(ct, "x-python"),
		strings.Contains(ct, "x-php"), strings.Contains(ct, "x-perl"):
		return "script"
	case ct == "application/octet-stream":
		return "type inconnu"
	}
	return ct
}

// CleanName turns the name a browser or mail client sent into a safe display
// and download name: no directory, no control character, at most 150
// characters, and the extension of the detected type when the name claims
// another (« facture.exe » holding a PDF is kept as « facture.exe.pdf »).
func CleanName(name, contentType string) string {
	name = strings.ReplaceAll(name, "\\", "/")
	name = path.Base(strings.TrimSpace(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '/' || r == utf8.RuneError || unicode.Is(unicode.Bidi_Control, r) {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(name, ". ")
	if name == "" {
		name = "fichier"
	}
	if r := []rune(name); len(r) > 150 {
		name = string(r[:150])
	}
	want := allowed[contentType]
	ext := strings.ToLower(path.Ext(name))
	if want == "" || ext == want {
		return name
	}
	for _, a := range aliases[want] {
		if ext == a {
			return name
		}
	}
	return name + want
}
