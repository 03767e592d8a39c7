package core

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// ReportOptions configure the satisfaction surveys and the weekly report.
type ReportOptions struct {
	SurveyDelay    time.Duration // after resolution; default 24 h
	SurveyShare    int           // percentage of resolved requests surveyed; 0 means the default, 100
	SurveyOff      bool          // no surveys at all
	SurveyValidity time.Duration // how long the links work; default 28 days
	WeeklyAt       time.Duration // Monday's time of day of the weekly report (cell's zone); default 7:30
	WeeklyOff      bool
}

func (o ReportOptions) withDefaults() ReportOptions {
	if o.SurveyDelay <= 0 {
		o.SurveyDelay = 24 * time.Hour
	}
	if o.SurveyShare == 0 {
		o.SurveyShare = 100
	}
	if o.SurveyValidity <= 0 {
		o.SurveyValidity = 28 * 24 * time.Hour
	}
	if o.WeeklyAt <= 0 {
		o.WeeklyAt = 7*time.Hour + 30*time.Minute
	}
	return o
}

// Satisfaction surveys. After a request is resolved and SurveyDelay has passed, the
// survey job picks SurveyShare % of the resolved requests (a hash of the request,
// so that every instance picks the same ones) whose contact has an e-mail
// address, writes their survey and queues its mail in one transaction. The mail
// carries five links, one per note, and a comment link; each link is a token
// signed with a key kept in the database (report_state), naming the request, the
// survey (its sending time) and the expiry, for this purpose only.

// surveyBatch bounds the requests one run of the survey job considers.
const surveyBatch = 200

// surveyMark is the report_state row holding the resolution time up to which the
// survey job has looked.
const surveyMark = "survey_mark"

// sendSurveys is the survey job's run.
func (s *Service) sendSurveys(ctx context.Context) error {
	o := s.reports
	if o.SurveyOff {
		return nil
	}
	now := s.clock()
	until := now.Add(-o.SurveyDelay)
	after, err := s.surveyMark(ctx, until)
	if err != nil {
		return err
	}
	cands, err := s.store.ResolvedBetween(ctx, after, until, surveyBatch)
	if err != nil {
		return err
	}
	key, err := s.surveyKey(ctx)
	if err != nil {
		return err
	}
	for _, c := range cands {
		err := s.store.Write(ctx, func(tx *store.Tx) error {
			if c.Email != "" && surveyed(c.TicketID, o.SurveyShare) {
				if err := s.queueSurvey(ctx, tx, key, c, now); err != nil {
					return err
				}
			}
			return tx.SetReportState(ctx, surveyMark, strconv.FormatInt(c.ResolvedAt.UnixMicro(), 10), now)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// surveyMark reads the job's mark; the first run starts a day before until, so
// that installing Guichet does not survey every past request.
func (s *Service) surveyMark(ctx context.Context, until time.Time) (time.Time, error) {
	v, err := s.store.ReportState(ctx, surveyMark)
	if err != nil || v == "" {
		return until.Add(-24 * time.Hour), err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("core: survey mark %q: %w", v, err)
	}
	return time.UnixMicro(n).UTC(), nil
}

// surveyed says whether a request is in the surveyed share.
func surveyed(ticketID int64, share int) bool {
	h := fnv.New32a()
	fmt.Fprintf(h, "survey:%d", ticketID)
	return int(h.Sum32()%100) < share
}

// queueSurvey writes a request's survey and queues its mail, unless it has one.
func (s *Service) queueSurvey(ctx context.Context, tx *store.Tx, key []byte, c store.SurveyCandidate, now time.Time) error {
	sv := store.Survey{TicketID: c.TicketID, Email: c.Email, SentAt: now, ExpiresAt: now.Add(s.reports.SurveyValidity),
		CreatedAt: now}
	created, err := tx.CreateSurvey(ctx, sv)
	if err != nil || !created {
		return err
	}
	token := signSurvey(key, sv)
	base := strings.TrimRight(s.mail.BaseURL, "/") + "/enquete/" + token
	urls := make([]string, 5)
	for i := range urls {
		urls[i] = base + "?note=" + strconv.Itoa(i+1)
	}
	return s.queueMail(ctx, tx, OutMail{Template: "survey", TicketID: c.TicketID, To: []string{c.Email},
		Data: map[string]any{"Number": c.Number, "Subject": c.Subject, "RateURLs": urls, "CommentURL": base,
			"ExpiresAt": sv.ExpiresAt},
		Key: "survey:" + strconv.FormatInt(c.TicketID, 10)})
}

// surveyKeyName is the report_state row holding the links' HMAC key.
const surveyKeyName = "survey_key"

// surveyKey returns the key that signs survey links, made on first use and then
// shared by every instance through the database.
func (s *Service) surveyKey(ctx context.Context) ([]byte, error) {
	v, err := s.store.ReportState(ctx, surveyKeyName)
	if err == nil && v == "" {
		b := make([]byte, 32)
		rand.Read(b)
		err = s.store.Write(ctx, func(tx *store.Tx) error {
			v, err = tx.InitReportState(ctx, surveyKeyName, hex.EncodeToString(b), s.clock())
			return err
		})
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}

// A survey token is base64url(ticket id, survey sent at, expires at: 3 × 8
// bytes) "." base64url(the first 16 bytes of HMAC-SHA256(key, purpose ‖ payload)).
const surveyPurpose = "guichet/survey/v1\x00"

var b64 = base64.RawURLEncoding

func signSurvey(key []byte, sv store.Survey) string {
	payload := make([]byte, 24)
	binary.BigEndian.PutUint64(payload, uint64(sv.TicketID))
	binary.BigEndian.PutUint64(payload[8:], uint64(sv.SentAt.UnixMicro()))
	binary.BigEndian.PutUint64(payload[16:], uint64(sv.ExpiresAt.UnixMicro()))
	return b64.EncodeToString(payload) + "." + b64.EncodeToString(surveyMAC(key, payload))
}

func surveyMAC(key, payload []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(surveyPurpose))
	m.Write(payload)
	return m.Sum(nil)[:16]
}

// surveyClaim is what a valid token says.
type surveyClaim struct {
	ticketID         int64
	sentAt, expireAt time.Time
}

// errBadSurveyLink is every refusal that must not say why (a forged or altered link).
var errBadSurveyLink = errs.E(errs.NotFound, "Ce lien d'enquête n'est pas valable. Vérifiez qu'il est complet, tel que reçu dans le courriel.")

// readSurvey checks a token and returns its survey: signed with the key, for this
// purpose, not expired, and naming the request's current survey.
func (s *Service) readSurvey(ctx context.Context, token string) (store.Survey, error) {
	var sv store.Survey
	p, m, ok := strings.Cut(token, ".")
	payload, err1 := b64.DecodeString(p)
	mac, err2 := b64.DecodeString(m)
	if !ok || err1 != nil || err2 != nil || len(payload) != 24 {
		return sv, errBadSurveyLink
	}
	key, err := s.surveyKey(ctx)
	if err != nil {
		return sv, err
	}
	if !hmac.Equal(mac, surveyMAC(key, payload)) {
		return sv, errBadSurveyLink
	}
	c := surveyClaim{ticketID: int64(binary.BigEndian.Uint64(payload)),
		sentAt:   time.UnixMicro(int64(binary.BigEndian.Uint64(payload[8:]))).UTC(),
		expireAt: time.UnixMicro(int64(binary.BigEndian.Uint64(payload[16:]))).UTC()}
	if !s.clock().Before(c.expireAt) {
		return sv, errs.E(errs.Conflict, "Ce lien d'enquête a expiré le %s : merci de votre intention.", dateFR(c.expireAt, s.loc))
	}
	sv, err = s.store.FindSurvey(ctx, c.ticketID)
	if errs.Is(err, errs.NotFound) || (err == nil && !sv.SentAt.Equal(c.sentAt)) {
		return sv, errBadSurveyLink // a link of another (earlier) survey of the request
	}
	if err == nil && sv.ByPhone {
		return sv, errs.E(errs.Conflict, "Votre avis sur cette demande a déjà été recueilli par téléphone. Merci !")
	}
	return sv, err
}

func dateFR(t time.Time, loc *time.Location) string {
	months := [...]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
		"octobre", "novembre", "décembre"}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d à %d h %02d", t.Day(), months[t.Month()-1], t.Year(), t.Hour(), t.Minute())
}

// SurveyView is what the public survey page shows.
type SurveyView struct {
	Number, Subject string
	Rating          int // 0: not yet rated
	Comment         string
	ExpiresAt       time.Time
}

// Survey shows the survey of a link, without rating.
func (s *Service) Survey(ctx context.Context, token string) (SurveyView, error) {
	sv, err := s.readSurvey(ctx, token)
	if err != nil {
		return SurveyView{}, err
	}
	return s.surveyView(ctx, sv)
}

func (s *Service) surveyView(ctx context.Context, sv store.Survey) (SurveyView, error) {
	tk, err := s.store.FindTicketByID(ctx, sv.TicketID)
	if err != nil {
		return SurveyView{}, err
	}
	return SurveyView{Number: tk.Number, Subject: tk.Subject, Rating: sv.Rating, Comment: sv.Comment,
		ExpiresAt: sv.ExpiresAt}, nil
}

// Rate records the note a company gave by following one of the survey's links;
// a later click on another note replaces it, until the links expire.
func (s *Service) Rate(ctx context.Context, token string, note int) (SurveyView, error) {
	if note < 1 || note > 5 {
		return SurveyView{}, errs.Field("note", "la note va de 1 à 5")
	}
	sv, err := s.readSurvey(ctx, token)
	if err != nil {
		return SurveyView{}, err
	}
	now := s.clock()
	sups, err := s.supervisorEmails(ctx)
	if err != nil {
		return SurveyView{}, err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.RateSurvey(ctx, sv.TicketID, note, now); err != nil {
			return err
		}
		// A replay of the same link changes nothing; a changed low note is
		// told again.
		if note < 3 && note != sv.Rating {
			return s.lowRating(ctx, tx, lowNote{ticketID: sv.TicketID, note: note, comment: sv.Comment, to: sups}, now)
		}
		return nil
	})
	if err != nil {
		return SurveyView{}, err
	}
	sv.Rating, sv.RatedAt = note, now
	return s.surveyView(ctx, sv)
}

// maxSurveyComment bounds the optional comment.
const maxSurveyComment = 2000

// CommentSurvey records the optional comment of a survey, once: a second post of
// the form (a replay) is refused.
func (s *Service) CommentSurvey(ctx context.Context, token, comment string) (SurveyView, error) {
	comment = strings.TrimSpace(comment)
	switch n := len([]rune(comment)); {
	case n == 0:
		return SurveyView{}, errs.Field("comment", "le commentaire est vide")
	case n > maxSurveyComment:
		return SurveyView{}, errs.Field("comment", fmt.Sprintf("commentaire trop long (%d caractères, %d au plus)", n, maxSurveyComment))
	}
	sv, err := s.readSurvey(ctx, token)
	if err != nil {
		return SurveyView{}, err
	}
	if sv.Comment != "" {
		return SurveyView{}, errs.E(errs.Conflict, "Votre commentaire a déjà été reçu. Merci !")
	}
	if err := s.store.Write(ctx, func(tx *store.Tx) error { return tx.CommentSurvey(ctx, sv.TicketID, comment) }); err != nil {
		return SurveyView{}, err
	}
	sv.Comment = comment
	return s.surveyView(ctx, sv)
}

// RecordPhoneRating records the note a caller gave at the end of a call, counted
// apart from the online ratings; a note already given online is kept.
func (s *Service) RecordPhoneRating(ctx context.Context, a access.Actor, ticketID int64, note int) error {
	if note < 1 || note > 5 {
		return errs.Field("note", "la note va de 1 à 5")
	}
	if err := s.authorize(ctx, a, access.ReplyTicket, ticketID); err != nil {
		return err
	}
	now := s.clock()
	sups, err := s.supervisorEmails(ctx)
	if err != nil {
		return err
	}
	return s.store.Write(ctx, func(tx *store.Tx) error {
		recorded, err := tx.RecordPhoneRating(ctx, ticketID, note, a.UserID, now)
		if err != nil {
			return err
		}
		if !recorded {
			return errs.E(errs.Conflict, "L'entreprise a déjà donné sa note en ligne ; elle n'est pas remplacée.")
		}
		if note < 3 {
			return s.lowRating(ctx, tx, lowNote{ticketID: ticketID, note: note, byPhone: true, to: sups}, now)
		}
		return nil
	})
}

// lowNote is a note below 3 to tell the supervisors about.
type lowNote struct {
	ticketID int64
	note     int
	byPhone  bool
	comment  string   // the company's comment, when it came before the note
	to       []string // the active supervisors' addresses
}

// lowRating tells the supervisors about a note below 3: an internal note on the
// request (its timeline and the live workspace show it) and the "low_rating"
// mail. The mail's key names the request and the note, so that a replay sends
// nothing more while a changed note (2, then 1) is mailed again.
func (s *Service) lowRating(ctx context.Context, tx *store.Tx, n lowNote, now time.Time) error {
	how := "à l'enquête en ligne"
	if n.byPhone {
		how = "par téléphone"
	}
	m := &ticket.Message{TicketID: n.ticketID, Kind: ticket.Note, CreatedAt: now,
		Body: fmt.Sprintf("Satisfaction : note %d / 5 donnée %s. À l'attention des superviseurs : une note sous 3 appelle un rappel de l'entreprise.", n.note, how)}
	if err := tx.CreateMessage(ctx, m); err != nil {
		return err
	}
	tk, err := tx.FindTicketByID(ctx, n.ticketID)
	if err != nil {
		return err
	}
	if len(n.to) > 0 {
		err = s.queueMail(ctx, tx, OutMail{Template: "low_rating", TicketID: n.ticketID, To: n.to,
			Data: map[string]any{"Rating": n.note, "Comment": n.comment, "TicketURL": s.ticketURL(n.ticketID)},
			Key:  fmt.Sprintf("low_rating:%d:%d", n.ticketID, n.note)})
		if err != nil {
			return err
		}
	}
	s.publishTicket(tx, tk, "message")
	return nil
}

// supervisorEmails are the addresses of the active supervisors, read before the
// transaction that may mail them.
func (s *Service) supervisorEmails(ctx context.Context) ([]string, error) {
	sups, err := s.store.FindActiveUsersByRole(ctx, access.Supervisor)
	if err != nil {
		return nil, err
	}
	var to []string
	for _, u := range sups {
		if u.Email != "" {
			to = append(to, u.Email)
		}
	}
	return to, nil
}
