package core

// Keeping the search index up to date: new requests through the search queue
// (search_queue.go), changed requests and messages in the transaction that
// writes them, articles in the one that saves them, consultations by a job, and
// a full rebuild (docs/search.md).

import (
	"context"
	"time"

	"github.com/guichet/guichet/internal/kb"
	"github.com/guichet/guichet/internal/search"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// requestDoc is a request as the index holds it: its subject (twice, as it says
// what the request is about), its first message, the company and the consultation.
func (s *Service) requestDoc(tk *ticket.Ticket, first string) *store.SearchDoc {
	terms := s.knowledge().analyzer.Terms(requestText(tk, first))
	terms = append(terms, search.Marker("kind", KindRequest), search.Marker("topic", string(tk.Topic)))
	if tk.State == ticket.Resolved || tk.State == ticket.Closed {
		terms = append(terms, search.Marker("state", "answered"))
	}
	return &store.SearchDoc{Kind: KindRequest, RefID: tk.ID, TicketID: tk.ID, Topic: string(tk.Topic),
		Audience: "agent", State: string(tk.State), Ref: tk.Number, Title: tk.Subject, Body: first,
		Terms: terms, UpdatedAt: tk.UpdatedAt}
}

// requestText is the text of a request the analyser turns into its terms.
func requestText(tk *ticket.Ticket, first string) string {
	extra := tk.ConsultationRef
	if tk.Company != nil {
		extra += " " + tk.Company.Name + " " + tk.Company.SIRET
	}
	return tk.Subject + "\n" + tk.Subject + "\n" + first + "\n" + extra
}

// indexTicket indexes a changed request in the transaction that writes it, so
// that search sees the change as soon as it is committed; the first message's
// text is the one already indexed. A request not indexed yet (still in the
// search queue, or written in bulk) is queued again rather than indexed without
// its first message: the indexer reads it as committed, first message included.
// (New requests are queued by ticketCreated.)
func (s *Service) indexTicket(ctx context.Context, tx *store.Tx, tk *ticket.Ticket) error {
	old, err := tx.FindSearchDoc(ctx, KindRequest, tk.ID)
	if err != nil {
		return err
	}
	if old == nil {
		return s.queueRequest(ctx, tx, tk.ID)
	}
	if tk.Company == nil && tk.CompanyID != 0 {
		// The company may be only an id: read it back for its name.
		full, err := tx.FindTicketByID(ctx, tk.ID)
		if err != nil {
			return err
		}
		tk = full
	}
	return tx.IndexDoc(ctx, s.requestDoc(tk, old.Body))
}

// indexMessage indexes a message added to a request.
func (s *Service) indexMessage(ctx context.Context, tx *store.Tx, tk *ticket.Ticket, m *ticket.Message) error {
	return tx.IndexDoc(ctx, s.messageDoc(m, tk.Number, tk.Subject, string(tk.Topic)))
}

// messageDoc is a message as the index holds it, with its request's subject as
// its title.
func (s *Service) messageDoc(m *ticket.Message, number, subject, topic string) *store.SearchDoc {
	terms := s.knowledge().analyzer.Terms(m.Body)
	terms = append(terms, search.Marker("kind", KindMessage), search.Marker("topic", topic))
	return &store.SearchDoc{Kind: KindMessage, RefID: m.ID, TicketID: m.TicketID, Topic: topic, Audience: "agent",
		State: string(m.Kind), Ref: number, Title: subject, Body: m.Body, Terms: terms, UpdatedAt: m.CreatedAt}
}

// indexArticle indexes an article in the transaction that saves it.
func (s *Service) indexArticle(ctx context.Context, tx *store.Tx, a *kb.Article) error {
	title, body := a.SearchText()
	terms := s.knowledge().analyzer.Terms(body)
	terms = append(terms, search.Marker("kind", KindArticle), search.Marker("topic", a.Topic),
		search.Marker("status", string(a.Status)))
	audience := "agent"
	if a.IsPublic() {
		audience = "public"
		terms = append(terms, search.Marker("audience", "public"))
	}
	return tx.IndexDoc(ctx, &store.SearchDoc{Kind: KindArticle, RefID: a.ID, Topic: a.Topic, Audience: audience,
		State: string(a.Status), Ref: a.Slug, Title: title, Body: kb.PlainText(a.Body), Terms: terms, UpdatedAt: a.UpdatedAt})
}

// indexConsultations indexes the consultations changed since the last run, in
// batches, and moves the watermark with each batch in the same transaction, so
// that a restart resumes where it stopped and two instances index the same rows
// at worst twice (an upsert), never lose one. Imports write consultations in
// bulk outside the request path, so they are indexed here rather than in the
// import's transactions.
func (s *Service) indexConsultations(ctx context.Context) error {
	an := s.knowledge().analyzer
	for {
		var at time.Time
		var id int64
		err := s.store.Write(ctx, func(tx *store.Tx) (err error) {
			at, id, err = tx.SearchWatermark(ctx, KindConsultation+"_watermark")
			return err
		})
		if err != nil {
			return err
		}
		batch, err := s.store.FindConsultationsToIndex(ctx, at, id, 500)
		if err != nil || len(batch) == 0 {
			return err
		}
		err = s.store.Write(ctx, func(tx *store.Tx) error {
			for _, c := range batch {
				terms := an.Terms(c.Reference + "\n" + c.Object + "\n" + c.Object + "\n" + c.Buyer + "\n" + c.CPV)
				terms = append(terms, search.Marker("kind", KindConsultation))
				doc := &store.SearchDoc{Kind: KindConsultation, RefID: c.ID, Audience: "agent", Ref: c.Reference,
					Title: c.Object, Body: c.Buyer + " — " + c.Object, Terms: terms, UpdatedAt: c.UpdatedAt}
				if err := tx.IndexDoc(ctx, doc); err != nil {
					return err
				}
			}
			last := batch[len(batch)-1]
			return tx.SetSearchWatermark(ctx, KindConsultation+"_watermark", last.UpdatedAt, last.ID)
		})
		if err != nil {
			return err
		}
	}
}

// searchJobs are the indexer's background tasks.
func (s *Service) searchJobs() []Job {
	return []Job{
		{Name: "search_consultations", Every: 10 * time.Second, Run: s.indexConsultations},
		{Name: "search_requests", Run: s.runRequestQueue}, // search_queue.go: new requests, in batches
	}
}

// IndexConsultations runs the consultation indexer now (after an import, in
// tests and in the demo).
func (s *Service) IndexConsultations(ctx context.Context) error { return s.indexConsultations(ctx) }

// ReindexSearch rebuilds the search index from the database: every request,
// message, article and consultation, in batches of one transaction each. It is
// for data written in bulk (the demo, an import of old requests) and for a new
// release whose analyser changed; day-to-day changes are indexed as they are
// written. Documents are upserted, so it can run on a live index; it ends by
// draining the search queue.
func (s *Service) ReindexSearch(ctx context.Context) error {
	const batch = 1000
	for after := int64(0); ; {
		list, err := s.store.FindTicketsToIndex(ctx, after, batch)
		if err != nil || len(list) == 0 {
			if err != nil {
				return err
			}
			break
		}
		err = s.store.Write(ctx, func(tx *store.Tx) error { return s.reindexRequests(ctx, tx, list) })
		if err != nil {
			return err
		}
		after = list[len(list)-1].Ticket.ID
	}
	for after := int64(0); ; {
		list, err := s.store.FindMessagesToIndex(ctx, after, batch)
		if err != nil || len(list) == 0 {
			if err != nil {
				return err
			}
			break
		}
		err = s.store.Write(ctx, func(tx *store.Tx) error {
			for i := range list {
				m := &list[i]
				if err := tx.IndexDoc(ctx, s.messageDoc(&m.Message, m.Number, m.Subject, m.Topic)); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		after = list[len(list)-1].Message.ID
	}
	arts, err := s.store.FindArticles(ctx, store.ArticleFilter{})
	if err != nil {
		return err
	}
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		for i := range arts {
			if err := s.indexArticle(ctx, tx, &arts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.drainQueue(ctx, false); err != nil { // what was queued meanwhile, or before
		return err
	}
	return s.indexConsultations(ctx)
}

// reindexRequests writes the documents of requests read before tx. A request
// changed since it was read is queued instead, so that a rebuild never puts
// back content older than the committed request.
func (s *Service) reindexRequests(ctx context.Context, tx *store.Tx, list []store.TicketText) error {
	ids := make([]int64, len(list))
	for i, t := range list {
		ids[i] = t.Ticket.ID
	}
	versions, err := tx.TicketVersions(ctx, ids)
	if err != nil {
		return err
	}
	for _, t := range list {
		v, ok := versions[t.Ticket.ID]
		switch {
		case !ok: // gone
		case v != t.Ticket.Version:
			err = s.queueRequest(ctx, tx, t.Ticket.ID)
		default:
			err = tx.IndexDoc(ctx, s.requestDoc(t.Ticket, t.First))
		}
		if err != nil {
			return err
		}
	}
	return nil
}
