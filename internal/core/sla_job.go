package core

import (
	"context"
	"strconv"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/sla"
	"github.com/guichet/guichet/internal/store"
	"github.com/guichet/guichet/internal/ticket"
)

// The SLA targets a notification names, and their French labels for mails.
var targetLabels = map[string]string{
	"first_response": "première réponse",
	"next_response":  "réponse suivante",
	"resolution":     "résolution",
}

// slaPage is how many requests the SLA job reads per query.
const slaPage = 200

// slaJobs are the SLA's background tasks: warnings and breaches every minute,
// the digest of unanswered requests every ten.
func (s *Service) slaJobs() []Job {
	return []Job{
		{Name: "sla_notifications", Every: time.Minute, Run: func(ctx context.Context) error {
			_, err := s.CheckSLA(ctx)
			return err
		}},
		{Name: "unanswered_digest", Every: 10 * time.Minute, Run: func(ctx context.Context) error {
			_, err := s.SendUnansweredDigest(ctx)
			return err
		}},
	}
}

// CheckSLA finds the active requests whose due time is near (within the
// warning lead, in business time) or past, and records one notification per
// request, target, due time and kind (warning, breach), mailing the assignee
// and the supervisors. The unique key of a notification makes a second run, a
// restart or a second instance find it already there and do nothing: it
// returns how many notifications this run created.
func (s *Service) CheckSLA(ctx context.Context) (int, error) {
	cfg, err := s.loadConfig(ctx, s.store)
	if err != nil {
		return 0, err
	}
	now := s.clock()
	horizon := cfg.Calendar.AddBusinessTime(now, cfg.WarningLead)
	if horizon.IsZero() || horizon.Before(now) {
		horizon = now
	}
	from := now.Add(-breachLookback)
	created := 0
	var after int64
	for {
		page, err := s.store.FindDueTickets(ctx, from, horizon, after, slaPage)
		if err != nil {
			return created, err
		}
		for _, tk := range page {
			n, err := s.notifyTicket(ctx, cfg, tk, from, now)
			if err != nil {
				return created, err
			}
			created += n
		}
		if len(page) < slaPage {
			return created, nil
		}
		after = page[len(page)-1].ID
	}
}

// breachLookback bounds how far back the SLA job looks for due times: a due
// time passed more than a week before the job first sees it (an installation
// that was stopped, old data imported) is not announced again; the list of
// unanswered requests and its daily digest show it.
const breachLookback = 7 * 24 * time.Hour

// dueTarget is one running due time of a request.
type dueTarget struct {
	name string
	at   time.Time
}

// runningTargets lists the due times that run on a request now: the first
// response while none was given, the answer owed, the resolution unless its
// clock is paused.
func runningTargets(tk *ticket.Ticket) []dueTarget {
	var out []dueTarget
	if tk.FirstResponseAt.IsZero() && !tk.Due.FirstResponse.IsZero() {
		out = append(out, dueTarget{"first_response", tk.Due.FirstResponse})
	}
	if !tk.Due.NextResponse.IsZero() {
		out = append(out, dueTarget{"next_response", tk.Due.NextResponse})
	}
	if tk.SLAPausedAt.IsZero() && !tk.Due.Resolution.IsZero() {
		out = append(out, dueTarget{"resolution", tk.Due.Resolution})
	}
	return out
}

// notifyTicket records the warnings and breaches a request has reached. A
// target already breached gets no warning: the breach says more.
func (s *Service) notifyTicket(ctx context.Context, cfg RoutingConfig, tk *ticket.Ticket, from, now time.Time) (int, error) {
	created := 0
	for _, t := range runningTargets(tk) {
		kind := ""
		switch {
		case t.at.Before(from):
			continue
		case !now.Before(t.at):
			kind = "breach"
		case !now.Before(cfg.Calendar.WarningAt(t.at, cfg.WarningLead, time.Time{})):
			kind = "warning"
		default:
			continue
		}
		ok, err := s.recordNotification(ctx, tk, t, kind, now)
		if err != nil {
			return created, err
		}
		if ok {
			created++
		}
	}
	return created, nil
}

// recordNotification writes one notification and, if it is new, its mail, in
// one transaction: the mail goes if and only if the notification is recorded.
func (s *Service) recordNotification(ctx context.Context, tk *ticket.Ticket, t dueTarget, kind string, now time.Time) (bool, error) {
	var created bool
	err := s.store.Write(ctx, func(tx *store.Tx) error {
		n := &store.Notification{TicketID: tk.ID, Target: t.name, DueAt: t.at, Kind: kind, CreatedAt: now}
		var err error
		if created, err = tx.CreateNotification(ctx, n); err != nil || !created {
			return err
		}
		to, err := s.alertRecipients(ctx, tk)
		if err != nil || len(to) == 0 {
			return err
		}
		return s.queueMail(ctx, tx, OutMail{Template: "sla_" + kind, TicketID: tk.ID, To: to,
			Key:  "sla:" + strconv.FormatInt(n.ID, 10),
			Data: map[string]any{"Number": tk.Number, "Subject": tk.Subject, "Target": targetLabels[t.name], "DueAt": t.at, "TicketURL": s.ticketURL(tk.ID)}})
	})
	return created, err
}

// alertRecipients are the assignee and the supervisors, without duplicates.
func (s *Service) alertRecipients(ctx context.Context, tk *ticket.Ticket) ([]string, error) {
	sups, err := s.store.FindActiveUsersByRole(ctx, access.Supervisor)
	if err != nil {
		return nil, err
	}
	var to []string
	seen := map[string]bool{}
	add := func(e string) {
		if e != "" && !seen[e] {
			seen[e] = true
			to = append(to, e)
		}
	}
	if tk.Assignee != nil {
		add(tk.Assignee.Email)
	}
	for _, u := range sups {
		add(u.Email)
	}
	return to, nil
}

// ticketURL is a request's page in the workspace, for the mails.
func (s *Service) ticketURL(id int64) string {
	return s.mailConfig().BaseURL + "/agent/tickets/" + strconv.FormatInt(id, 10)
}

// Unanswered lists the requests past a response due time without that
// response, oldest due first: the supervisors' "no request unanswered" view,
// whose goal is to be empty.
func (s *Service) Unanswered(ctx context.Context, a access.Actor, after *ticket.Cursor, limit int) (TicketPage, error) {
	if err := a.Check(access.ReadReports, ""); err != nil {
		return TicketPage{}, err
	}
	if limit <= 0 || limit > ticket.MaxLimit {
		limit = ticket.DefaultLimit
	}
	items, err := s.store.FindUnanswered(ctx, s.clock(), after, limit+1)
	if err != nil {
		return TicketPage{}, err
	}
	page := TicketPage{Items: items}
	if len(items) > limit {
		page.Items = items[:limit]
		last := page.Items[limit-1]
		page.Next = &ticket.Cursor{Key: last.NextDue(), ID: last.ID}
	}
	return page, nil
}

// SendUnansweredDigest mails the supervisors the list of unanswered requests
// once a day, on a business day once the cell has opened, when the list is
// not empty. The day's digest is recorded with a unique key, so that it goes
// once whatever the instances and restarts. It reports whether it sent one.
func (s *Service) SendUnansweredDigest(ctx context.Context) (bool, error) {
	cfg, err := s.loadConfig(ctx, s.store)
	if err != nil {
		return false, err
	}
	now := s.clock()
	day := sla.DateOf(now.In(cfg.Calendar.Location))
	if !cfg.Calendar.IsBusinessDay(day) || cfg.Calendar.NextOpening(day.At(0, cfg.Calendar.Location)).After(now) {
		return false, nil
	}
	items, err := s.store.FindUnanswered(ctx, now, nil, ticket.MaxLimit)
	if err != nil || len(items) == 0 {
		return false, err
	}
	count, err := s.store.CountUnanswered(ctx, now)
	if err != nil {
		return false, err
	}
	sups, err := s.store.FindActiveUsersByRole(ctx, access.Supervisor)
	if err != nil || len(sups) == 0 {
		return false, err
	}
	sent := false
	err = s.store.Write(ctx, func(tx *store.Tx) error {
		var err error
		if sent, err = tx.CreateDigest(ctx, day.String(), count, now); err != nil || !sent {
			return err
		}
		var to []string
		for _, u := range sups {
			to = append(to, u.Email)
		}
		var list []map[string]any
		for _, tk := range items {
			list = append(list, map[string]any{"Number": tk.Number, "Subject": tk.Subject, "DueAt": tk.NextDue(), "URL": s.ticketURL(tk.ID)})
		}
		return s.queueMail(ctx, tx, OutMail{Template: "unanswered_digest", To: to, Key: "unanswered_digest:" + day.String(),
			Data: map[string]any{"Count": count, "Items": list}})
	})
	return sent, err
}
