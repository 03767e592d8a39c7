package portal

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// upload is a posted multipart form: its text fields, the files stored on
// the way, and what went wrong with the files.
type upload struct {
	values   map[string][]string
	files    []ticket.Attachment
	fileErrs []string
	tooLarge bool
}

func (u *upload) get(name string) string {
	if v := u.values[name]; len(v) > 0 {
		return strings.TrimSpace(v[0])
	}
	return ""
}

// maxTextField bounds one text field (a question is at most ticket.MaxBody).
const maxTextField = ticket.MaxBody + 1024

// readUpload reads a multipart form as it streams in. Text fields are kept;
// each file goes to core.StoreAttachment for channel c (size, type, scan),
// within the channel's count and total limits. gate runs once, on the fields
// read so far, before the first file is stored: a robot's or a forged post
// stores nothing. The body as a whole is bounded, so that a client cannot
// make the server read without end; what passes the bound is reported as
// tooLarge with the fields read before it.
func (s *server) readUpload(w http.ResponseWriter, r *http.Request, c ticket.Channel, gate func(*upload) error) (*upload, error) {
	lim := s.core.AttachmentLimits(c)
	r.Body = http.MaxBytesReader(w, r.Body, lim.MaxMessage+lim.MaxFile+(1<<20))
	u := &upload{values: map[string][]string{}}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, errs.E(errs.Invalid, "Formulaire illisible : envoyez-le depuis la page du site.")
	}
	var total int64
	gated := false
	var gateErr error
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				u.tooLarge = true
				break
			}
			return nil, errs.E(errs.Invalid, "Formulaire interrompu ou illisible : renvoyez-le.")
		}
		if part.FileName() == "" {
			b, err := io.ReadAll(io.LimitReader(part, maxTextField))
			if err != nil {
				u.tooLarge = true
				break
			}
			u.values[part.FormName()] = append(u.values[part.FormName()], string(b))
			continue
		}
		if !gated {
			gated, gateErr = true, gate(u)
		}
		if gateErr != nil {
			continue // the rest of the part is skipped by NextPart
		}
		if err := s.storeFile(r.Context(), c, lim, part, u, &total); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// storeFile keeps one file part within the per-message limits.
func (s *server) storeFile(ctx context.Context, c ticket.Channel, lim attach.Limits, part *multipart.Part, u *upload, total *int64) error {
	name := attach.CleanName(part.FileName(), "")
	if len(u.files) >= lim.MaxCount {
		u.fileErrs = append(u.fileErrs, fmt.Sprintf("« %s » n'a pas été joint : %d fichiers au plus", name, lim.MaxCount))
		return nil
	}
	a, err := s.core.StoreAttachment(ctx, c, part.FileName(), part)
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		u.tooLarge = true
		return nil
	case errs.Is(err, errs.Invalid):
		u.fileErrs = append(u.fileErrs, fieldMessages(err)...)
		return nil
	case err != nil:
		return err
	}
	if *total+a.Size > lim.MaxMessage {
		u.fileErrs = append(u.fileErrs, fmt.Sprintf("« %s » n'a pas été joint : %s au plus pour l'ensemble des fichiers",
			a.Name, attach.FormatSize(lim.MaxMessage)))
		return nil
	}
	*total += a.Size
	u.files = append(u.files, a)
	return nil
}

// fieldMessages lists the messages of an invalid-input error.
func fieldMessages(err error) []string {
	var e *errs.Error
	if !errors.As(err, &e) {
		return []string{err.Error()}
	}
	if len(e.Fields) == 0 {
		return []string{e.Message}
	}
	var out []string
	for _, f := range e.Fields {
		out = append(out, f.Message)
	}
	return out
}
