package portal

import (
	"context"
	"encoding/json"
	"errors"
	"github.com/guichet/guichet/internal/faq"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// questionForm is the public form: what was typed, and what to say about it.
type questionForm struct {
	SIRET, CompanyName, ContactName, Email, Phone string
	ConsultationRef, ConsultationQ, Topic         string
	Subject, Body                                 string
	Started                                       string // signed start time
	Kept                                          []keptFile
	Topics                                        []ticket.Topic
	Consultations                                 []*tender.Consultation
	Searched                                      bool
	Errors                                        map[string]string // by input id
	Summary                                       []fieldMsg
	Notice                                        string // a refusal of the whole form
	Info                                          string // the result of a check (SIRET found…)
	Limits                                        attach.Limits
}

// fieldMsg is one line of the error summary, linking to its input.
type fieldMsg struct{ ID, Msg string }

// inputs maps the use case's field names to the form's input ids.
var inputs = map[string]string{
	"company.siret": "siret", "company.name": "company_name", "company": "siret", "contact.name": "contact_name",
	"contact.email": "email", "contact.phone": "phone", "contact": "email", "subject": "subject", "body": "body",
	"topic": "topic", "consultation_ref": "consultation_ref", "attachments": "attachments",
}

// questionPage shows an empty form.
func (s *server) questionPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	f := &questionForm{}
	return s.showQuestion(w, r, v, http.StatusOK, f)
}

// showQuestion renders the form with the topics, and with a fresh start time
// unless it is shown again with its own.
func (s *server) showQuestion(w http.ResponseWriter, r *http.Request, v *visit, status int, f *questionForm) error {
	var err error
	if _, ok := s.startedAt(r.Context(), f.Started); !ok {
		if f.Started, err = s.startToken(r.Context()); err != nil {
			return err
		}
	}
	topics, err := s.core.Topics(r.Context())
	if err != nil {
		return err
	}
	for _, t := range topics {
		if t.Active {
			f.Topics = append(f.Topics, t)
		}
	}
	f.Limits = s.core.AttachmentLimits(ticket.Web)
	return s.render(w, status, "question", "Poser une question", v, f)
}

// questionPost handles the form's three buttons: check the SIRET, search a
// consultation (both re-show the form, for browsers without JavaScript), and
// send. A refused submission shows the form again as it was, with the reason.
func (s *server) questionPost(w http.ResponseWriter, r *http.Request, v *visit) error {
	ctx := r.Context()
	u, err := s.readUpload(w, r, ticket.Web, func(u *upload) error { return s.spamCheck(ctx, u, s.clientIP(r)) })
	if err != nil {
		return err
	}
	f := formOf(u)
	f.Started = u.get("started") // a form shown again keeps the time it was first shown
	for _, tok := range u.values["kept"] {
		if a, ok := s.keptAttachment(ctx, tok); ok {
			u.files = append(u.files, a)
		}
	}
	switch u.get("op") {
	case "check_siret":
		s.checkSIRET(ctx, f)
		return s.keepAndShow(w, r, v, http.StatusOK, f, u.files)
	case "find_consultation":
		f.Searched = true
		if f.Consultations, err = s.core.PublicConsultations(ctx, f.ConsultationQ); err != nil {
			return err
		}
		return s.keepAndShow(w, r, v, http.StatusOK, f, u.files)
	}
	if err := s.spamCheck(ctx, u, s.clientIP(r)); err != nil {
		return s.refuse(w, r, v, f, u.files, err)
	}
	if u.tooLarge || len(u.fileErrs) > 0 {
		f.Errors = map[string]string{}
		msgs := u.fileErrs
		if u.tooLarge {
			lim := s.core.AttachmentLimits(ticket.Web)
			msgs = append(msgs, "l'envoi dépasse "+attach.FormatSize(lim.MaxMessage)+" de fichiers : joignez moins de fichiers")
		}
		f.addError("attachments", strings.Join(msgs, " ; "))
		return s.keepAndShow(w, r, v, http.StatusUnprocessableEntity, f, u.files)
	}
	tk, err := s.core.PublicQuestion(ctx, f.ticketInput(u.files), s.clientIP(r))
	if err != nil {
		return s.refuse(w, r, v, f, u.files, err)
	}
	// The FAQ articles suggested to this visitor while typing did not answer: the
	// deflection figure counts the question as sent anyway (docs/search.md). A
	// failure here costs a figure, not the company's question.
	if err := s.core.SuggestionsFollowed(ctx, faq.VisitorKey(r), tk.ID); err != nil {
		s.log.WarnContext(ctx, "suggestions not linked to the question", "ticket", tk.Number, "err", err)
	}
	sig, err := s.sign(ctx, "ack|"+tk.Number)
	if err != nil {
		return err
	}
	q := url.Values{"n": {tk.Number}, "s": {sig}}
	if f.Email != "" {
		q.Set("e", "1")
	}
	http.Redirect(w, r, "/question/envoyee?"+q.Encode(), http.StatusSeeOther)
	return nil
}

// refuse shows the form again after a refusal the company can act on.
func (s *server) refuse(w http.ResponseWriter, r *http.Request, v *visit, f *questionForm, files []ticket.Attachment, err error) error {
	var ce *errs.Error
	switch {
	case errs.Is(err, errs.Invalid) && asErr(err, &ce):
		for _, fe := range ce.Fields {
			f.addError(fe.Field, fe.Message)
		}
		if len(ce.Fields) == 0 {
			f.Notice = ce.Message
		}
		return s.keepAndShow(w, r, v, http.StatusUnprocessableEntity, f, files)
	case errs.Is(err, errs.RateLimited) && asErr(err, &ce):
		f.Notice = ce.Message
		return s.keepAndShow(w, r, v, http.StatusTooManyRequests, f, files)
	}
	return err
}

// keepAndShow re-shows the form, offering again the files already received.
func (s *server) keepAndShow(w http.ResponseWriter, r *http.Request, v *visit, status int, f *questionForm, files []ticket.Attachment) error {
	for _, a := range files {
		k, err := s.keepToken(r.Context(), a)
		if err != nil {
			return err
		}
		f.Kept = append(f.Kept, k)
	}
	return s.showQuestion(w, r, v, status, f)
}

// spamCheck refuses robots without a third party: the hidden honeypot field
// must be empty, the form's signed start time genuine, and the form not sent
// faster than a person types; the sender's IP must be under its rate.
func (s *server) spamCheck(ctx context.Context, u *upload, ip string) error {
	if u.get("site_web") != "" {
		return errs.E(errs.Invalid, "Envoi refusé : le champ « Site web », qui doit rester vide, a été rempli. "+
			"Si vous n'êtes pas un robot, videz-le et envoyez à nouveau.")
	}
	started, ok := s.startedAt(ctx, u.get("started"))
	if !ok {
		return errs.E(errs.Invalid, "Envoi refusé : le formulaire est incomplet ou a été modifié. Vérifiez-le et envoyez-le à nouveau.")
	}
	elapsed := s.core.Now().Sub(started)
	if elapsed < s.minFill {
		return errs.E(errs.Invalid, "Envoi refusé : le formulaire a été envoyé trop vite après son ouverture. "+
			"Relisez-le et envoyez-le à nouveau.")
	}
	if elapsed > 24*time.Hour {
		return errs.E(errs.Invalid, "Le formulaire était ouvert depuis plus de 24 heures : vérifiez-le et envoyez-le à nouveau.")
	}
	return s.core.QuestionAllowed(ctx, ip)
}

// formOf reads the posted fields.
func formOf(u *upload) *questionForm {
	f := &questionForm{SIRET: u.get("siret"), CompanyName: u.get("company_name"), ContactName: u.get("contact_name"),
		Email: u.get("email"), Phone: u.get("phone"), ConsultationRef: u.get("consultation_ref"),
		ConsultationQ: u.get("consultation_q"), Topic: u.get("topic"), Subject: u.get("subject"), Body: u.get("body")}
	if pick := u.get("consultation_pick"); pick != "" {
		f.ConsultationRef = pick
	}
	return f
}

// ticketInput is the request the form describes.
func (f *questionForm) ticketInput(files []ticket.Attachment) core.NewTicket {
	return core.NewTicket{Channel: string(ticket.Web), Subject: f.Subject, Body: f.Body, Topic: f.Topic,
		ConsultationRef: f.ConsultationRef, Attachments: files,
		Company: &core.CompanyInput{SIRET: f.SIRET, Name: f.CompanyName},
		Contact: &core.ContactInput{Name: f.ContactName, Email: f.Email, Phone: f.Phone}}
}

func (f *questionForm) addError(field, msg string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	id := inputs[field]
	if id == "" {
		id = "subject"
	}
	if prev := f.Errors[id]; prev != "" {
		msg = prev + " ; " + msg
	} else {
		f.Summary = append(f.Summary, fieldMsg{ID: id})
	}
	f.Errors[id] = msg
	for i := range f.Summary {
		if f.Summary[i].ID == id {
			f.Summary[i].Msg = msg
		}
	}
}

// checkSIRET fills the company name from the catalog, or says what is wrong.
func (s *server) checkSIRET(ctx context.Context, f *questionForm) {
	name, err := s.core.PublicCompany(ctx, f.SIRET)
	switch {
	case err != nil:
		f.addError("company.siret", strings.Join(fieldMessages(err), " ; "))
	case name != "":
		if f.CompanyName == "" {
			f.CompanyName = name
		}
		f.Info = "SIRET reconnu : " + name + "."
	default:
		f.Info = "SIRET valide, inconnu de notre annuaire : indiquez le nom de l'entreprise."
	}
}

// questionSent is the acknowledgement page. Its address is signed, so that
// it shows only the number its sender was given.
func (s *server) questionSent(w http.ResponseWriter, r *http.Request, v *visit) error {
	n := r.URL.Query().Get("n")
	if !s.verify(r.Context(), "ack|"+n, r.URL.Query().Get("s")) {
		return errs.E(errs.NotFound, "Cette page d'accusé de réception n'existe pas.")
	}
	data := struct {
		Number string
		Mailed bool
	}{n, r.URL.Query().Get("e") == "1"}
	return s.render(w, http.StatusOK, "sent", "Question envoyée", v, data)
}

// siretCheck answers the form's script: is this SIRET valid, and whose is it.
func (s *server) siretCheck(w http.ResponseWriter, r *http.Request, v *visit) error {
	name, err := s.core.PublicCompany(r.Context(), r.URL.Query().Get("siret"))
	out := struct {
		Valid   bool   `json:"valid"`
		Name    string `json:"name,omitempty"`
		Message string `json:"message"`
	}{Valid: err == nil, Name: name}
	switch {
	case errs.Is(err, errs.Invalid):
		out.Message = strings.Join(fieldMessages(err), " ; ")
	case err != nil:
		return err
	case name != "":
		out.Message = "SIRET reconnu : " + name + "."
	default:
		out.Message = "SIRET valide, inconnu de notre annuaire : indiquez le nom de l'entreprise."
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(out)
}

// consultationSearch answers the form's script with the matching open
// consultations, as the same HTML list the form shows without JavaScript.
func (s *server) consultationSearch(w http.ResponseWriter, r *http.Request, v *visit) error {
	list, err := s.core.PublicConsultations(r.Context(), r.URL.Query().Get("q"))
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	return s.pages["consultations"].ExecuteTemplate(w, "consultations.html",
		&questionForm{Consultations: list, Searched: true})
}

func asErr(err error, target **errs.Error) bool { return errors.As(err, target) }
