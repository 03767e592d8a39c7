package core

import (
	"context"
	"strconv"
	"strings"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/company"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/routing"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/tender"
	"github.com/guichet/guichet/internal/ticket"
)

// NewQA is a question and its answer to publish from a request: the agent
// rewrites the company's question so that it names nobody.
type NewQA struct {
	Question string `json:"question"`
	Answer   string `json:"answer"`
}

// PublishAnswer publishes the answer to a request about one of our own
// consultations as an anonymised question and answer of the consultation
// (equal treatment: every candidate gets the same information). It is
// written with an audit entry on the request, which links to it, and a mail
// to each company that asked about the consultation or subscribed — one mail
// per address, so that no candidate learns who the others are.
func (s *Service) PublishAnswer(ctx context.Context, a access.Actor, ticketID int64, in NewQA) (*routing.QA, error) {
	if err := s.authorize(ctx, a, access.ReplyTicket, ticketID); err != nil {
		return nil, err
	}
	tk, err := s.store.FindTicketByID(ctx, ticketID)
	if err != nil {
		return nil, err
	}
	q := routing.QA{ConsultationRef: tk.ConsultationRef, Question: strings.TrimSpace(in.Question),
		Answer: strings.TrimSpace(in.Answer), TicketID: tk.ID, PublishedAt: s.clock()}
	if err := q.Validate(); err != nil {
		return nil, err
	}
	facts, c, err := s.routingFacts(ctx, s.store, tk)
	if err != nil {
		return nil, err
	}
	if facts.Consultation == nil || !facts.Consultation.Own {
		return nil, errs.Field("consultation_ref", "seules les questions-réponses de nos propres consultations sont publiées ici ; "+
			"pour un autre acheteur, orientez l'entreprise vers ses questions-réponses")
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		if err := tx.CreateQA(ctx, &q, a.UserID); err != nil {
			return err
		}
		change := ticket.Change{Field: "qa_published", New: qaPagePath(q.ConsultationRef) + "#qa-" + strconv.FormatInt(q.ID, 10)}
		if err := tx.CreateAudit(ctx, tk.ID, a.UserID, q.PublishedAt, "", []ticket.Change{change}); err != nil {
			return err
		}
		return s.mailQA(ctx, tx, c, q)
	})
	if err != nil {
		return nil, err
	}
	return &q, nil
}

// mailQA tells every address that asked about the consultation or subscribed.
func (s *Service) mailQA(ctx context.Context, tx *store.Tx, c *tender.Consultation, q routing.QA) error {
	to, err := tx.FindQARecipients(ctx, q.ConsultationRef)
	if err != nil {
		return err
	}
	for _, addr := range to {
		err := s.queueMail(ctx, tx, OutMail{Template: "qa_published", To: []string{addr},
			Key: "qa_published:" + strconv.FormatInt(q.ID, 10) + ":" + addr,
			Data: map[string]any{"ConsultationRef": q.ConsultationRef, "ConsultationTitle": c.Object,
				"Question": q.Question, "Answer": q.Answer, "URL": s.mailConfig().BaseURL + qaPagePath(q.ConsultationRef)}})
		if err != nil {
			return err
		}
	}
	return nil
}

// ConsultationQA is a consultation's public page of questions and answers.
type ConsultationQA struct {
	Consultation *tender.Consultation
	Items        []routing.QA
	Open         bool // candidates may still ask (and subscribe)
}

// PublishedQAs returns a consultation of our own organisation with its
// published questions and answers. It is public: anyone may read it, and
// nothing in it names a company. Another buyer's consultation is not found
// here (its Q&A is on its buyer's platform).
func (s *Service) PublishedQAs(ctx context.Context, ref string) (*ConsultationQA, error) {
	c, err := s.store.FindConsultationByRef(ctx, ref)
	if err != nil {
		return nil, err
	}
	own := false
	if c.BuyerID != 0 {
		b, err := s.store.FindBuyerByID(ctx, c.BuyerID)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return nil, err
		}
		own = b != nil && b.Own
	}
	if !own {
		return nil, errs.E(errs.NotFound, "Aucune question-réponse publiée ici pour la consultation « %s ».", ref)
	}
	items, err := s.store.FindQAs(ctx, ref)
	if err != nil {
		return nil, err
	}
	return &ConsultationQA{Consultation: c, Items: items, Open: c.StatusAt(s.clock()) == tender.Open}, nil
}

// SubscribeQA records an address that wants a consultation's next answers by
// mail. It is public, like the page it is on.
func (s *Service) SubscribeQA(ctx context.Context, ref, email string) error {
	if _, err := s.PublishedQAs(ctx, ref); err != nil {
		return err
	}
	addr, err := company.NormalizeEmail(email)
	if err != nil || addr == "" {
		return errs.Field("email", "adresse électronique invalide")
	}
	return s.store.Write(ctx, func(tx *store.Tx) error { return tx.SubscribeQA(ctx, ref, addr, s.clock()) })
}
