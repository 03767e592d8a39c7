package portal

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// followView is the portal's home: the sign-in form, or the contact's requests.
type followView struct {
	Email   string
	Error   string
	Sent    bool // a link was (perhaps) sent
	Expired bool
	Tickets []*ticket.Ticket
}

// followHome shows the contact's requests, or the form that sends a link.
func (s *server) followHome(w http.ResponseWriter, r *http.Request, v *visit) error {
	view := &followView{Expired: r.URL.Query().Get("expire") == "1"}
	if !v.signedIn {
		return s.render(w, http.StatusOK, "follow", "Suivre mes demandes", v, view)
	}
	list, err := s.core.PortalTickets(r.Context(), v.session)
	if err != nil {
		return err
	}
	view.Tickets = list
	return s.render(w, http.StatusOK, "follow", "Mes demandes", v, view)
}

// askLink sends a sign-in link. The page says the same whether the address
// is known or not.
func (s *server) askLink(w http.ResponseWriter, r *http.Request, v *visit) error {
	view := &followView{Email: strings.TrimSpace(r.PostForm.Get("email"))}
	err := s.core.RequestPortalLink(r.Context(), view.Email, s.clientIP(r), s.base+"/suivi/connexion?t=")
	var ce *errs.Error
	switch {
	case err == nil:
		view.Sent = true
		return s.render(w, http.StatusOK, "follow", "Lien envoyé", v, view)
	case (errs.Is(err, errs.Invalid) || errs.Is(err, errs.RateLimited)) && asErr(err, &ce):
		view.Error = strings.Join(fieldMessages(err), " ; ")
		status := http.StatusUnprocessableEntity
		if ce.Code == errs.RateLimited {
			status = http.StatusTooManyRequests
		}
		return s.render(w, status, "follow", "Suivre mes demandes", v, view)
	}
	return err
}

// linkPage is where the e-mailed link lands. It does not sign in by itself:
// mail filters open links to inspect them, and would use up a single-use
// link; the company presses the button, which posts the token.
func (s *server) linkPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	return s.render(w, http.StatusOK, "link", "Ouvrir mon espace de suivi", v, struct{ Token string }{r.URL.Query().Get("t")})
}

// openLink uses the link and opens the portal session.
func (s *server) openLink(w http.ResponseWriter, r *http.Request, v *visit) error {
	ps, err := s.core.OpenPortalLink(r.Context(), r.PostForm.Get("t"))
	if err != nil {
		return err
	}
	s.setSessionCookie(w, ps)
	http.Redirect(w, r, "/suivi", http.StatusSeeOther)
	return nil
}

// signOut ends the portal session.
func (s *server) signOut(w http.ResponseWriter, r *http.Request, v *visit) error {
	c, _ := r.Cookie(cookieName)
	if c != nil {
		if err := s.core.EndPortalSession(r.Context(), c.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w)
	http.Redirect(w, r, "/suivi", http.StatusSeeOther)
	return nil
}

// requestView is one request as its company sees it.
type requestView struct {
	Ticket   *ticket.Ticket
	Messages []ticket.Message
	Notice   string
	Error    string
	Body     string
	MaxFiles int
	MaxSize  int64
}

// requestPage shows one of the contact's requests. Any other number, whoever
// it belongs to, is "not found".
func (s *server) requestPage(w http.ResponseWriter, r *http.Request, v *visit) error {
	view := &requestView{}
	switch r.URL.Query().Get("ok") {
	case "reponse":
		view.Notice = "Votre message a été ajouté à la demande."
	case "cloture":
		view.Notice = "Votre demande est clôturée. Merci !"
	}
	return s.showRequest(w, r, v, http.StatusOK, view)
}

func (s *server) showRequest(w http.ResponseWriter, r *http.Request, v *visit, status int, view *requestView) error {
	tk, msgs, err := s.core.PortalTicket(r.Context(), v.session, r.PathValue("number"))
	if err != nil {
		return err
	}
	view.Ticket, view.Messages = tk, msgs
	lim := s.core.AttachmentLimits(ticket.Portal)
	view.MaxFiles, view.MaxSize = lim.MaxCount, lim.MaxFile
	return s.render(w, status, "request", "Demande n° "+tk.Number, v, view)
}

// reply adds the company's message and files to its request.
func (s *server) reply(w http.ResponseWriter, r *http.Request, v *visit) error {
	u, err := s.readUpload(w, r, ticket.Portal, func(u *upload) error {
		if !validCSRF(u.get("csrf"), v.session.CSRF) {
			return errForged
		}
		return nil
	})
	if err != nil {
		return err
	}
	if !validCSRF(u.get("csrf"), v.session.CSRF) {
		return errForged
	}
	view := &requestView{Body: u.get("body")}
	if u.tooLarge || len(u.fileErrs) > 0 {
		msgs := u.fileErrs
		if u.tooLarge {
			msgs = append(msgs, "l'envoi est trop volumineux : joignez moins de fichiers")
		}
		view.Error = "Message non envoyé : " + strings.Join(msgs, " ; ") + "."
		return s.showRequest(w, r, v, http.StatusUnprocessableEntity, view)
	}
	number := r.PathValue("number")
	if _, err := s.core.PortalReply(r.Context(), v.session, number, view.Body, u.files); err != nil {
		if errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict) {
			view.Error = "Message non envoyé : " + strings.Join(fieldMessages(err), " ; ")
			return s.showRequest(w, r, v, http.StatusUnprocessableEntity, view)
		}
		return err
	}
	http.Redirect(w, r, "/suivi/demandes/"+number+"?ok=reponse", http.StatusSeeOther)
	return nil
}

// closeRequest closes a resolved request at the company's word.
func (s *server) closeRequest(w http.ResponseWriter, r *http.Request, v *visit) error {
	number := r.PathValue("number")
	if _, err := s.core.PortalClose(r.Context(), v.session, number); err != nil {
		if errs.Is(err, errs.Conflict) {
			return s.showRequest(w, r, v, http.StatusConflict, &requestView{Error: strings.Join(fieldMessages(err), " ; ")})
		}
		return err
	}
	http.Redirect(w, r, "/suivi/demandes/"+number+"?ok=cloture", http.StatusSeeOther)
	return nil
}

// download sends a file of the request, as an attachment (never shown
// inline, whatever its type), with the type detected when it was received.
func (s *server) download(w http.ResponseWriter, r *http.Request, v *visit) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errs.E(errs.NotFound, "Pièce jointe introuvable.")
	}
	a, data, err := s.core.PortalAttachment(r.Context(), v.session, r.PathValue("number"), id)
	if err != nil {
		return err
	}
	serveFile(w, a, data)
	return nil
}

// serveFile writes an attachment for download.
func serveFile(w http.ResponseWriter, a ticket.Attachment, data []byte) {
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Disposition", contentDisposition(a.Name))
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(data)
}

// contentDisposition names the file in ASCII for old clients and in UTF-8
// (RFC 6266) for the others.
func contentDisposition(name string) string {
	ascii := strings.Map(func(r rune) rune {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == ';' {
			return '_'
		}
		return r
	}, name)
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, ascii, pathEscape(name))
}

func pathEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
