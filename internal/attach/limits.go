// Package attach keeps the files that companies and agents attach to messages:
// it bounds their size and count per channel, accepts only the types it
// recognises from the content (never from the name), stores each distinct
// content once under its SHA-256, and has it checked by an optional virus
// scanner (ClamAV's clamd) that quarantines what it flags.
//
// Callers go through core.Service.StoreAttachment, which uses a Keeper from
// this package; the file is stored before the message that carries it is
// written, so that the message's transaction only writes small rows.
package attach

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// Limits bounds the attachments of one message.
type Limits struct {
	MaxFile    int64 // bytes per file
	MaxMessage int64 // bytes for all the files of one message
	MaxCount   int   // files per message
}

// DefaultLimits are the limits of a fresh installation: 10 MB per file, 25 MB
// and 10 files per message.
func DefaultLimits() Limits { return Limits{MaxFile: 10 << 20, MaxMessage: 25 << 20, MaxCount: 10} }

// Policy gives each channel its limits; a channel without its own row gets Default.
type Policy struct {
	Default    Limits
	PerChannel map[ticket.Channel]Limits
}

// DefaultPolicy is DefaultLimits for every channel.
func DefaultPolicy() Policy { return Policy{Default: DefaultLimits()} }

// For returns the limits of channel c.
func (p Policy) For(c ticket.Channel) Limits {
	if l, ok := p.PerChannel[c]; ok {
		return l
	}
	if p.Default == (Limits{}) {
		return DefaultLimits()
	}
	return p.Default
}

// CheckMessage reports, as a field error on "attachments", a set of files over
// the count or total size limit of channel c.
func (p Policy) CheckMessage(c ticket.Channel, files []ticket.Attachment) error {
	l := p.For(c)
	var total int64
	for _, f := range files {
		total += f.Size
	}
	switch {
	case len(files) > l.MaxCount:
		return errs.Field("attachments", fmt.Sprintf("trop de pièces jointes (%d, %d au plus)", len(files), l.MaxCount))
	case total > l.MaxMessage:
		return errs.Field("attachments", fmt.Sprintf("pièces jointes trop lourdes (%s au total, %s au plus)",
			FormatSize(total), FormatSize(l.MaxMessage)))
	}
	return nil
}

// ParseLimits reads "10MB,25MB,10" (per file, per message, count); a part left
// empty keeps base's value.
func ParseLimits(s string, base Limits) (Limits, error) {
	parts := strings.Split(s, ",")
	if len(parts) > 3 {
		return base, fmt.Errorf("%q : trois valeurs au plus (par fichier, par message, nombre)", s)
	}
	l := base
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if i == 2 {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 {
				return base, fmt.Errorf("%q n'est pas un nombre de fichiers", p)
			}
			l.MaxCount = n
			continue
		}
		n, err := ParseSize(p)
		if err != nil {
			return base, err
		}
		if i == 0 {
			l.MaxFile = n
		} else {
			l.MaxMessage = n
		}
	}
	return l, nil
}

// ParsePolicy reads per-channel limits: "email=20MB,50MB,20;web=5MB".
func ParsePolicy(s string, def Limits) (map[ticket.Channel]Limits, error) {
	out := map[ticket.Channel]Limits{}
	for _, row := range strings.Split(s, ";") {
		row = strings.TrimSpace(row)
		if row == "" {
			continue
		}
		name, val, ok := strings.Cut(row, "=")
		c := ticket.Channel(strings.TrimSpace(name))
		if !ok || !c.Valid() {
			return nil, fmt.Errorf("%q : attendu canal=limites (canaux : phone, email, web, portal, api)", row)
		}
		l, err := ParseLimits(val, def)
		if err != nil {
			return nil, err
		}
		out[c] = l
	}
	return out, nil
}

// ParseSize reads a size in bytes with an optional unit: 512, 800KB, 10MB, 1GB
// (powers of 1024; "Mo" and "Ko" are accepted too).
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	mult := int64(1)
	for _, u := range []struct {
		suffix []string
		mult   int64
	}{{[]string{"GB", "GO", "G"}, 1 << 30}, {[]string{"MB", "MO", "M"}, 1 << 20}, {[]string{"KB", "KO", "K"}, 1 << 10}, {[]string{"B", "O"}, 1}} {
		found := false
		for _, suf := range u.suffix {
			if strings.HasSuffix(t, suf) {
				t, mult, found = strings.TrimSpace(strings.TrimSuffix(t, suf)), u.mult, true
				break
			}
		}
		if found {
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q n'est pas une taille (ex. 10MB)", s)
	}
	return n * mult, nil
}

// FormatSize writes a size the French way: « 9,5 Mo », « 800 Ko », « 12 octets ».
func FormatSize(n int64) string {
	switch {
	case n >= 1<<20:
		v := strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0")
		return strings.Replace(v, ".", ",", 1) + " Mo"
	case n >= 1<<10:
		return strconv.FormatInt((n+512)>>10, 10) + " Ko"
	}
	return strconv.FormatInt(n, 10) + " octets"
}
