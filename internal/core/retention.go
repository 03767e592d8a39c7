package core

import (
	"context"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/store"
)

// DefaultRetentionYears is how long a closed request keeps its personal data:
// what the public form's privacy notice promises (internal/portal, question.html).
const DefaultRetentionYears = 3

// retentionPage is how many requests the job reads per query.
const retentionPage = 200

// RetentionOptions configure the anonymisation of old requests
// (GUICHET_RETENTION_YEARS).
type RetentionOptions struct {
	Years int  // 0: DefaultRetentionYears
	Off   bool // the daily job does nothing (the CLI still can)
}

// The values that replace personal data.
var anonymised = store.Anonymised{
	Subject:        "Demande anonymisée",
	Body:           "[contenu anonymisé au terme de la durée de conservation]",
	ContactName:    "Contact anonymisé",
	AttachmentName: "pièce jointe supprimée (conservation)",
	AuditValue:     "[anonymisé]",
}

// SetRetention sets the retention period; it is called while the application
// is wired, before the jobs start.
func (s *Service) SetRetention(o RetentionOptions) { s.retention = o }

// RetentionItem is a request the retention job anonymises (or would).
type RetentionItem struct {
	ID       int64
	Number   string
	ClosedAt time.Time
}

// RetentionReport is what a run of the retention job did, or would do.
type RetentionReport struct {
	Years  int
	Cutoff time.Time       // requests closed before it are anonymised
	Items  []RetentionItem // the requests concerned
	Done   int             // how many this run anonymised (0 in a dry run)
	// Erased counts the rows whose personal data this run erased (a dry run:
	// would erase), by kind: subject, messages, attachments, audit_values,
	// outbox, inbound_mail, surveys, callbacks, calls, suggestions, contact,
	// search_docs.
	Erased map[string]int
	// Files counts the attachment contents deleted after the commits (a dry
	// run: the contents still queued by an interrupted run, which this run
	// would delete).
	Files int
}

// ApplyRetention anonymises the requests closed more than the retention
// period ago (years; 0: the configured one): their contact's name, e-mail,
// phone and role, subjects, message bodies, attachment names and contents,
// the personal values of their audit trail, mails, survey comments, call
// numbers, what was typed in the public form, and their search entries (the
// request is indexed again with its anonymised text, its messages leave the
// index). The figures stay: channel, topic, scope, outcome, team (and its
// audit entries), dates, durations, the company (public data about a firm)
// and the rating. Each request gets an audit entry, which also makes a second
// run (or a second instance) skip it. With dryRun it only lists them and
// counts what would be erased.
//
// Attachment contents are deleted after each transaction's commit, from a
// queue written in it (store.FindBlobPurges): the row first stops naming the
// content, then the content goes, then the queue entry. A crash in between
// leaves the entry, and the next run (which starts by the queue) finishes.
func (s *Service) ApplyRetention(ctx context.Context, years int, dryRun bool) (RetentionReport, error) {
	if years <= 0 {
		years = s.retention.Years
	}
	if years <= 0 {
		years = DefaultRetentionYears
	}
	now := s.clock()
	rep := RetentionReport{Years: years, Cutoff: now.AddDate(-years, 0, 0), Erased: map[string]int{}}
	if dryRun {
		n, err := s.store.CountBlobPurges(ctx)
		if err != nil {
			return rep, err
		}
		rep.Files = n
	} else if err := s.purgeBlobs(ctx, &rep); err != nil { // what an interrupted run left
		return rep, err
	}
	if err := s.retainAll(ctx, &rep, now, dryRun); err != nil {
		return rep, err
	}
	if !dryRun && rep.Done > 0 {
		if err := s.store.MergeErasedTerms(ctx, rep.Erased["contact"] > 0); err != nil {
			return rep, err
		}
	}
	if !dryRun {
		if err := s.purgeBlobs(ctx, &rep); err != nil {
			return rep, err
		}
	}
	if !dryRun && (rep.Done > 0 || rep.Files > 0) {
		s.log.InfoContext(ctx, "retention: requests anonymised", "event", "retention.anonymised", "count", rep.Done,
			"files", rep.Files, "erased", rep.Erased, "cutoff", rep.Cutoff.Format(time.RFC3339), "years", years)
	}
	return rep, nil
}

// retainAll anonymises (or counts, in a dry run) every candidate, page by page.
func (s *Service) retainAll(ctx context.Context, rep *RetentionReport, now time.Time, dryRun bool) error {
	rule := fmt.Sprintf("retention_%dy", rep.Years)
	var after int64
	contacts := map[int64]bool{} // a dry run counts a shared contact once, as the run erases it once
	for {
		page, err := s.store.FindRetentionCandidates(ctx, rep.Cutoff, after, retentionPage)
		if err != nil {
			return err
		}
		for _, c := range page {
			after = c.ID
			rep.Items = append(rep.Items, RetentionItem{ID: c.ID, Number: c.Number, ClosedAt: c.ClosedAt})
			var erased map[string]int
			if dryRun {
				var contact int64
				erased, contact, err = s.store.RetentionCounts(ctx, c.ID, rep.Cutoff, anonymised)
				if err == nil && contact != 0 && contacts[contact] {
					erased["contact"] = 0
				}
				contacts[contact] = true
			} else {
				erased, err = s.anonymiseCounted(ctx, c.ID, now, rep.Cutoff, rule)
				if erased != nil {
					rep.Done++
				}
			}
			if err != nil {
				return err
			}
			for k, n := range erased {
				rep.Erased[k] += n
			}
		}
		if len(page) < retentionPage {
			return nil
		}
	}
}

// anonymise does one request in one transaction, its search entries with it:
// the request's document is written again from its anonymised row, so that it
// is found by its number and no longer by its words; its messages' documents
// go. It reports false when another run got there first.
func (s *Service) anonymise(ctx context.Context, id int64, now, cutoff time.Time, rule string) (bool, error) {
	erased, err := s.anonymiseCounted(ctx, id, now, cutoff, rule)
	return erased != nil, err
}

// anonymiseCounted is anonymise, returning what was erased by kind (nil when
// another run got there first).
func (s *Service) anonymiseCounted(ctx context.Context, id int64, now, cutoff time.Time, rule string) (map[string]int, error) {
	var erased map[string]int
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		erased = nil // a retried write starts again
		res, err := tx.AnonymiseTicket(ctx, id, now, cutoff, rule, anonymised)
		if err != nil || !res.Done {
			return err
		}
		for _, m := range res.Messages {
			if err := tx.UnindexDoc(ctx, KindMessage, m); err != nil {
				return err
			}
		}
		tk, err := tx.FindTicketByID(ctx, id)
		if err != nil {
			return err
		}
		if err := tx.IndexDoc(ctx, s.requestDoc(tk, anonymised.Body)); err != nil {
			return err
		}
		erased = res.Erased
		return nil
	})
	if err != nil {
		return nil, err
	}
	return erased, nil
}

// purgeBlobs deletes the attachment contents queued by anonymisations (this
// run's or an interrupted one's) that no kept attachment uses, then their
// queue entries. A content deleted whose entry stayed (a crash) is deleted
// again next time, which is no error.
func (s *Service) purgeBlobs(ctx context.Context, rep *RetentionReport) error {
	for {
		batch, err := s.store.FindBlobPurges(ctx, retentionPage)
		if err != nil {
			return err
		}
		for _, p := range batch {
			if !p.Used {
				if err := s.attach.Remove(ctx, p.Key); err != nil {
					return err
				}
				rep.Files++
			}
			if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.DeleteBlobPurge(ctx, p.Key) }); err != nil {
				return err
			}
		}
		if len(batch) < retentionPage {
			return nil
		}
	}
}

// retentionJob is the daily run; a server down for a day catches up at start.
func (s *Service) retentionJob() Job {
	return Job{Name: "retention", Every: time.Hour, Run: func(ctx context.Context) error {
		if s.retention.Off || !retentionHour(s.clock().In(s.loc)) {
			return nil
		}
		_, err := s.ApplyRetention(ctx, 0, false)
		return err
	}}
}

// retentionHour tells whether the retention job may run at t (the cell's time):
// at night, between 1:00 and 6:00, when the cell is closed. A run that erased
// something rewrites SQLite's full-text indexes in one write (MergeErasedTerms),
// seconds on a large index during which every other write waits; at night no
// company is waiting on the form. The job looks every hour, so it runs up to
// five times a night; after the first, the others find nothing to do (a few
// index reads) and rewrite nothing. A server stopped at night catches up the
// next night; `guichet retention` runs it at once.
func retentionHour(t time.Time) bool {
	return t.Hour() >= 1 && t.Hour() < 6
}
