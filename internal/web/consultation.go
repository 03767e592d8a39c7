package web

import (
	"net/http"
	"net/url"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/phone"
	"github.com/guichet/guichet/internal/tender"
)

// consultationView is the page of one consultation of the catalog: what it buys,
// from whom, until when, and the requests the cell received about it.
type consultationView struct {
	*labels
	*core.ConsultationFile
}

// consultationPage shows a consultation, found by its reference.
func (s *server) consultationPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	file, err := s.core.ConsultationFile(r.Context(), v.actor, r.PathValue("ref"))
	if err != nil {
		return err
	}
	lb, err := s.loadLabels(r.Context())
	if err != nil {
		return err
	}
	cv := &consultationView{labels: lb, ConsultationFile: file}
	return s.render(w, r, v, http.StatusOK, "consultation",
		v.lang.T("consultation.title", file.Consultation.Reference), cv)
}

// consultationPath is the address of a consultation's page. The reference is
// escaped as one path segment: a DECP reference may hold a slash.
func consultationPath(ref string) string {
	return "/agent/consultations/" + url.PathEscape(ref)
}

// Phone writes an E.164 number as people read it ("04 72 12 34 56").
func (cv *consultationView) Phone(e164 string) string { return phone.Format(e164) }

// Paris writes an instant in full in Paris time, the time of the notices'
// deadlines whatever the cell's own time zone.
func (cv *consultationView) Paris(p *page, t time.Time) string {
	return longDateTime(p.Lang, t, tender.Paris())
}

// AnswerDayPassed reports whether the last day to answer questions is behind us.
func (cv *consultationView) AnswerDayPassed(p *page) bool {
	return !cv.LastDayToAnswer.IsZero() && !p.now.Before(cv.LastDayToAnswer)
}
