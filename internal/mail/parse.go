package mail

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"path"
	"strings"
	"time"

	"github.com/emersion/go-message/textproto"
)

// Parsed is what Guichet reads of an incoming mail. Parse never fails: a broken
// mail gives what could be read, with Problems saying what went wrong.
type Parsed struct {
	FromName   string
	From       string   // lower-case address; "" when unreadable
	Recipients []string // addresses of To, Cc, Delivered-To and X-Original-To, lower case
	Subject    string
	MessageID  string   // without angle brackets
	InReplyTo  []string // without angle brackets
	References []string
	Date       time.Time
	// Text is the mail's text: the plain-text part, or the HTML part converted
	// to text when there is none. Body is Text with the quoted history and the
	// signature folded away.
	Text        string
	Body        string
	Folded      bool // Body is shorter than Text
	Attachments []Attachment
	// Auto, when set, says why the mail was written by a robot (auto-reply,
	// bounce, mailing list): such a mail never creates a request.
	Auto     string
	Problems []string // in French, for the agent: charset guessed, MIME broken, …
}

// Attachment is a file that came with a mail.
type Attachment struct {
	Name        string
	ContentType string // as the mail declared it; the attachment store checks the content
	ContentID   string // inline images
	Inline      bool
	Size        int64
	Data        []byte // nil when TooLarge
	TooLarge    bool   // over the limit: not kept
}

// ParseOptions bound what Parse keeps.
type ParseOptions struct {
	MaxFile  int64 // largest attachment kept (default 10 MB)
	MaxTotal int64 // all attachments together (default 25 MB)
}

const (
	maxDepth = 20  // nested multiparts
	maxParts = 500 // parts of one mail
)

// Parse reads a raw RFC 5322 mail.
func Parse(raw []byte, o ParseOptions) *Parsed {
	if o.MaxFile <= 0 {
		o.MaxFile = 10 << 20
	}
	if o.MaxTotal <= 0 {
		o.MaxTotal = 25 << 20
	}
	p := &Parsed{}
	br := bufio.NewReader(bytes.NewReader(raw))
	h, err := textproto.ReadHeader(br)
	if err != nil {
		p.problem("en-tête du mail illisible")
		p.Text = decodeText(raw, "", p)
		p.finish()
		return p
	}
	p.readHeader(h)
	w := walker{p: p, o: o}
	w.part(&h, br, 0)
	p.Text = strings.TrimSpace(strings.Join(w.plain, "\n\n"))
	if p.Text == "" && len(w.html) > 0 {
		p.Text = HTMLToText(strings.Join(w.html, "\n"))
	}
	p.finish()
	return p
}

func (p *Parsed) finish() {
	p.Text = normalizeNewlines(p.Text)
	p.Body = Fold(p.Text)
	p.Folded = len(p.Body) < len(strings.TrimSpace(p.Text))
}

func (p *Parsed) problem(s string) {
	for _, q := range p.Problems {
		if q == s {
			return
		}
	}
	p.Problems = append(p.Problems, s)
}

// header is what a part header offers, from go-message's textproto or the
// standard multipart reader.
type header interface{ Get(string) string }

// readHeader reads the addresses, subject and threading ids.
func (p *Parsed) readHeader(h textproto.Header) {
	p.Subject = strings.TrimSpace(decodeWords(h.Get("Subject"), p))
	if a := parseAddress(decodeWords(h.Get("From"), p)); a != nil {
		p.FromName, p.From = a.Name, strings.ToLower(a.Address)
	} else if h.Get("From") != "" {
		p.problem("adresse d'expéditeur illisible")
	}
	for _, k := range []string{"To", "Cc", "Delivered-To", "X-Original-To"} {
		for _, v := range h.Values(k) {
			if list, err := netmail.ParseAddressList(v); err == nil {
				for _, a := range list {
					p.Recipients = append(p.Recipients, strings.ToLower(a.Address))
				}
			}
		}
	}
	ids := msgIDs(h.Get("Message-ID"))
	if len(ids) > 0 {
		p.MessageID = ids[0]
	}
	p.InReplyTo = msgIDs(h.Get("In-Reply-To"))
	p.References = msgIDs(h.Get("References"))
	if d, err := netmail.ParseDate(h.Get("Date")); err == nil {
		p.Date = d.UTC()
	}
	p.Auto = AutoReason(&h)
}

func parseAddress(s string) *netmail.Address {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	if a, err := netmail.ParseAddress(s); err == nil {
		return a
	}
	// A display name with unquoted specials ("Dupont, Anne <a@b>"): take the part in angle brackets.
	if i, j := strings.LastIndex(s, "<"), strings.LastIndex(s, ">"); i >= 0 && j > i {
		if a, err := netmail.ParseAddress(s[i : j+1]); err == nil {
			a.Name = strings.Trim(strings.TrimSpace(s[:i]), `"`)
			return a
		}
	}
	return nil
}

// msgIDs reads a list of <id> tokens, tolerating missing brackets.
func msgIDs(v string) []string {
	var out []string
	for _, f := range strings.Fields(strings.NewReplacer(",", " ").Replace(v)) {
		f = strings.TrimSuffix(strings.TrimPrefix(f, "<"), ">")
		if strings.Contains(f, "@") && len(f) < 500 {
			out = append(out, f)
		}
	}
	return out
}

// walker goes through the MIME tree, collecting text and files.
type walker struct {
	p     *Parsed
	o     ParseOptions
	plain []string
	html  []string
	parts int
	kept  int64
}

// part reads one MIME part (the whole mail at depth 0).
func (w *walker) part(h header, body io.Reader, depth int) {
	w.parts++
	if w.parts > maxParts || depth > maxDepth {
		w.p.problem("structure MIME trop profonde ou trop de parties : la suite est ignorée")
		return
	}
	ct, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		ct, params = "text/plain", map[string]string{}
		if h.Get("Content-Type") != "" {
			w.p.problem("type de contenu illisible, lu comme du texte")
		}
	}
	if strings.HasPrefix(ct, "multipart/") {
		w.multipart(body, params["boundary"], depth)
		return
	}
	disp, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := fileName(dparams["filename"], params["name"], w.p)
	isText := (ct == "text/plain" || ct == "text/html") && disp != "attachment" && (name == "" || disp == "inline" && depth == 0)
	if isText {
		data, err := io.ReadAll(io.LimitReader(transferDecode(h.Get("Content-Transfer-Encoding"), body), 4<<20))
		if err != nil {
			w.p.problem("partie de texte abîmée : lue jusqu'à l'erreur")
		}
		text := decodeText(data, params["charset"], w.p)
		if ct == "text/html" {
			w.html = append(w.html, text)
		} else {
			w.plain = append(w.plain, text)
		}
		return
	}
	w.file(h, body, ct, disp, name)
}

// multipart reads the parts of a multipart body; a broken structure keeps the
// parts read before the break.
func (w *walker) multipart(body io.Reader, boundary string, depth int) {
	if boundary == "" {
		w.p.problem("structure MIME cassée (pas de délimiteur) : texte lu tel quel")
		data, _ := io.ReadAll(io.LimitReader(body, 4<<20))
		w.plain = append(w.plain, decodeText(data, "", w.p))
		return
	}
	mr := multipart.NewReader(body, boundary)
	for n := 0; ; n++ {
		part, err := mr.NextRawPart()
		if err == io.EOF {
			return
		}
		if err != nil {
			w.p.problem("structure MIME cassée : les parties lisibles sont gardées")
			return
		}
		w.part(part.Header, part, depth+1)
	}
}

// file keeps an attachment (or an inline image) within the limits.
func (w *walker) file(h header, body io.Reader, ct, disp, name string) {
	a := Attachment{Name: name, ContentType: ct, Inline: disp == "inline" || (disp == "" && h.Get("Content-ID") != ""),
		ContentID: strings.Trim(h.Get("Content-ID"), "<> ")}
	if a.Name == "" {
		a.Name = defaultName(ct, len(w.p.Attachments)+1)
	}
	r := transferDecode(h.Get("Content-Transfer-Encoding"), body)
	limit := min(w.o.MaxFile, w.o.MaxTotal-w.kept)
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		w.p.problem("pièce jointe abîmée (encodage ou structure) : " + a.Name)
	}
	if int64(len(data)) > limit {
		rest, _ := io.Copy(io.Discard, r)
		a.Size, a.TooLarge = int64(len(data))+rest, true
		w.p.problem("pièce jointe trop volumineuse non conservée : " + a.Name)
	} else {
		a.Size, a.Data = int64(len(data)), data
		w.kept += a.Size
	}
	w.p.Attachments = append(w.p.Attachments, a)
}

// fileName is an attachment's name, cleaned of any path.
func fileName(disp, ct string, p *Parsed) string {
	n := disp
	if n == "" {
		n = ct
	}
	n = decodeWords(n, p)
	n = path.Base(strings.ReplaceAll(n, `\`, "/"))
	if n == "." || n == "/" {
		return ""
	}
	return strings.TrimSpace(n)
}

func defaultName(ct string, n int) string {
	ext := ".bin"
	if exts, _ := mime.ExtensionsByType(ct); len(exts) > 0 {
		ext = exts[0]
	}
	if ct == "message/rfc822" {
		ext = ".eml"
	}
	return "piece-jointe-" + itoa(n) + ext
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// transferDecode undoes a Content-Transfer-Encoding; an unknown one reads raw.
func transferDecode(cte string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(cte)) {
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	}
	return r
}

// base64Cleaner drops what is not base64 (line breaks, stray spaces, and the
// garbage some mailers append), so that a sloppy part still decodes.
type base64Cleaner struct {
	r    io.Reader
	done bool
}

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		if c.done {
			return 0, io.EOF
		}
		n, err := c.r.Read(p)
		j := 0
		for _, b := range p[:n] {
			switch {
			case b >= 'A' && b <= 'Z', b >= 'a' && b <= 'z', b >= '0' && b <= '9', b == '+', b == '/':
				p[j] = b
				j++
			case b == '=':
				p[j] = b
				j++
			}
		}
		if err != nil {
			c.done = true
			if j == 0 {
				return 0, err
			}
		}
		if j > 0 || err != nil {
			return j, nil
		}
	}
}

func normalizeNewlines(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
