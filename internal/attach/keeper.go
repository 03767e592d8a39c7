package attach

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// Options are a Keeper's dependencies.
type Options struct {
	Policy  Policy
	Blobs   Blobs
	Scanner Scanner // nil: no virus scan
	Logger  *slog.Logger
}

// Keeper checks and stores attachments.
type Keeper struct {
	policy  Policy
	blobs   Blobs
	scanner Scanner
	log     *slog.Logger
}

// New builds a Keeper.
func New(o Options) *Keeper {
	k := &Keeper{policy: o.Policy, blobs: o.Blobs, scanner: o.Scanner, log: o.Logger}
	if k.log == nil {
		k.log = slog.New(slog.DiscardHandler)
	}
	return k
}

// Policy returns the limits per channel.
func (k *Keeper) Policy() Policy { return k.policy }

// Keep reads one file sent on channel c, checks its size against the channel's
// per-file limit and its type against the accepted types (from the content),
// has it scanned, and stores it. The result is not linked to any message yet.
// A file the scanner flags, or could not scan, is stored in quarantine and
// marked so; it is never served. Errors on the input are invalid-field errors
// on "attachments" naming the file.
func (k *Keeper) Keep(ctx context.Context, c ticket.Channel, name string, r io.Reader) (ticket.Attachment, error) {
	limit := k.policy.For(c).MaxFile
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return ticket.Attachment{}, fmt.Errorf("attach: read %q: %w", name, err)
	}
	display := CleanName(name, "")
	if int64(len(data)) > limit {
		return ticket.Attachment{}, errs.Field("attachments",
			fmt.Sprintf("« %s » est trop lourd (%s au plus par fichier)", display, FormatSize(limit)))
	}
	ct, err := Detect(display, data)
	if err != nil {
		return ticket.Attachment{}, err
	}
	sum := sha256.Sum256(data)
	a := ticket.Attachment{Name: CleanName(name, ct), ContentType: ct, Size: int64(len(data)),
		SHA256: hex.EncodeToString(sum[:])}
	a.Quarantined = k.scan(ctx, a, data)
	if err := k.blobs.Put(ctx, blobKey(a), data); err != nil {
		return ticket.Attachment{}, err
	}
	return a, nil
}

// scan reports whether the file must be quarantined. When the scanner cannot
// be reached the file is quarantined rather than lost or served unchecked.
func (k *Keeper) scan(ctx context.Context, a ticket.Attachment, data []byte) bool {
	if k.scanner == nil {
		return false
	}
	found, err := k.scanner.Scan(ctx, data)
	switch {
	case err != nil:
		k.log.Warn("attachment quarantined: virus scan failed", "name", a.Name, "sha256", a.SHA256, "err", err)
		return true
	case found != "":
		k.log.Warn("attachment quarantined: virus found", "name", a.Name, "sha256", a.SHA256, "virus", found)
		return true
	}
	return false
}

// Open returns the content of a stored attachment; a quarantined one is
// refused, and one whose content the retention job deleted (its hash emptied)
// is not found.
func (k *Keeper) Open(ctx context.Context, a ticket.Attachment) ([]byte, error) {
	if a.SHA256 == "" {
		return nil, errs.E(errs.NotFound, "Ce fichier a été supprimé au terme de la durée de conservation.")
	}
	if a.Quarantined {
		return nil, errs.E(errs.Forbidden, "Ce fichier a été mis en quarantaine par l'antivirus : il n'est pas téléchargeable.")
	}
	return k.blobs.Get(ctx, blobKey(a))
}

func blobKey(a ticket.Attachment) string {
	if a.Quarantined {
		return "quarantine/" + a.SHA256
	}
	return a.SHA256
}

// Remove deletes the content stored under a blob key (ValidKey), when the
// retention job has found that no kept attachment uses it; an absent content
// is no error. A storage that cannot delete is an error, so that the job
// keeps the key queued rather than forget a content.
func (k *Keeper) Remove(ctx context.Context, key string) error {
	if !ValidKey(key) {
		return fmt.Errorf("attach: bad blob key %q", key)
	}
	d, ok := k.blobs.(Deleter)
	if !ok {
		return fmt.Errorf("attach: the attachment storage %T cannot delete", k.blobs)
	}
	return d.Delete(ctx, key)
}
