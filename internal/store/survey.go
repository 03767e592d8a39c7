package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/guichet/guichet/internal/errs"
)

// Survey is a request's satisfaction survey as stored (see migration 0009).
type Survey struct {
	TicketID   int64
	Email      string
	SentAt     time.Time
	ExpiresAt  time.Time
	Rating     int // 0: not rated
	RatedAt    time.Time
	Comment    string
	ByPhone    bool
	RecordedBy int64
	CreatedAt  time.Time
}

// CreateSurvey inserts a request's survey, unless it has one: created is false
// then, so that two instances of the survey job queue one mail.
func (t *Tx) CreateSurvey(ctx context.Context, sv Survey) (created bool, err error) {
	res, err := t.exec(ctx, `INSERT INTO surveys (ticket_id, email, sent_at, expires_at, by_phone, created_at)
		VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (ticket_id) DO NOTHING`,
		sv.TicketID, sv.Email, micros(sv.SentAt), micros(sv.ExpiresAt), micros(sv.CreatedAt))
	if err != nil {
		return false, fmt.Errorf("store: create survey: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

const surveyColumns = `ticket_id, email, sent_at, expires_at, COALESCE(rating, 0), rated_at, comment, by_phone,
	recorded_by, created_at`

// FindSurvey reads a request's survey; none is a not_found error.
func (s *Store) FindSurvey(ctx context.Context, ticketID int64) (Survey, error) {
	return s.reader().FindSurvey(ctx, ticketID)
}

// FindSurvey reads a request's survey inside the transaction.
func (t *Tx) FindSurvey(ctx context.Context, ticketID int64) (Survey, error) {
	var sv Survey
	var phone int
	err := t.queryRow(ctx, "SELECT "+surveyColumns+" FROM surveys WHERE ticket_id = ?", ticketID).Scan(
		&sv.TicketID, &sv.Email, nullTime{&sv.SentAt}, nullTime{&sv.ExpiresAt}, &sv.Rating, nullTime{&sv.RatedAt},
		&sv.Comment, &phone, nullInt{&sv.RecordedBy}, nullTime{&sv.CreatedAt})
	if errors.Is(err, sql.ErrNoRows) {
		return sv, errs.E(errs.NotFound, "Aucune enquête de satisfaction pour cette demande.")
	}
	if err != nil {
		return sv, fmt.Errorf("store: find survey: %w", err)
	}
	sv.ByPhone = phone == 1
	return sv, nil
}

// RateSurvey records (or changes) the online rating of a request's survey.
func (t *Tx) RateSurvey(ctx context.Context, ticketID int64, rating int, at time.Time) error {
	_, err := t.exec(ctx, "UPDATE surveys SET rating = ?, rated_at = ? WHERE ticket_id = ? AND by_phone = 0",
		rating, micros(at), ticketID)
	return wrapSurvey("rate", err)
}

// CommentSurvey records the optional comment of a survey.
func (t *Tx) CommentSurvey(ctx context.Context, ticketID int64, comment string) error {
	_, err := t.exec(ctx, "UPDATE surveys SET comment = ? WHERE ticket_id = ?", comment, ticketID)
	return wrapSurvey("comment", err)
}

// RecordPhoneRating records a rating an agent took on the phone: on a request
// without survey, or whose survey was not rated online (a rating given online is
// never overwritten: recorded is false then).
func (t *Tx) RecordPhoneRating(ctx context.Context, ticketID int64, rating int, by int64, at time.Time) (recorded bool, err error) {
	res, err := t.exec(ctx, `INSERT INTO surveys (ticket_id, rating, rated_at, by_phone, recorded_by, created_at)
		VALUES (?, ?, ?, 1, ?, ?)
		ON CONFLICT (ticket_id) DO UPDATE SET rating = excluded.rating, rated_at = excluded.rated_at, by_phone = 1,
			recorded_by = excluded.recorded_by
		WHERE surveys.rating IS NULL OR surveys.by_phone = 1`, ticketID, rating, micros(at), nullID(by), micros(at))
	if err != nil {
		return false, wrapSurvey("phone rating", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SurveyCandidate is a resolved request the survey job considers.
type SurveyCandidate struct {
	TicketID   int64
	Number     string
	Subject    string
	Email      string // the contact's address; "" when the contact has none
	ResolvedAt time.Time
}

// ResolvedBetween lists the requests resolved in (after, until], oldest first, at
// most limit, with their contact's e-mail address; a request that has since
// been reopened is left out.
func (s *Store) ResolvedBetween(ctx context.Context, after, until time.Time, limit int) ([]SurveyCandidate, error) {
	var out []SurveyCandidate
	err := s.reader().reportEach(ctx, `SELECT t.id, t.number, t.subject, COALESCE(k.email, ''), t.resolved_at
		FROM tickets t LEFT JOIN contacts k ON k.id = t.contact_id
		WHERE t.resolved_at > ? AND t.resolved_at <= ? AND t.state IN ('resolved', 'closed')
		ORDER BY t.resolved_at, t.id LIMIT ?`, []any{after.UnixMicro(), until.UnixMicro(), limit},
		func(scan func(...any) error) error {
			var c SurveyCandidate
			var at int64
			err := scan(&c.TicketID, &c.Number, &c.Subject, &c.Email, &at)
			c.ResolvedAt = time.UnixMicro(at).UTC()
			out = append(out, c)
			return err
		})
	return out, err
}

// ReportState reads a value of the report jobs' state ("" when unset).
func (s *Store) ReportState(ctx context.Context, name string) (string, error) {
	var v string
	err := s.reader().queryRow(ctx, "SELECT value FROM report_state WHERE name = ?", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, wrapSurvey("state", err)
}

// InitReportState sets a value unless one is set, and returns the value that
// holds: of two instances making the survey key at once, both keep the first.
func (t *Tx) InitReportState(ctx context.Context, name, value string, at time.Time) (string, error) {
	_, err := t.exec(ctx, `INSERT INTO report_state (name, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO NOTHING`, name, value, micros(at))
	if err != nil {
		return "", wrapSurvey("state", err)
	}
	var v string
	err = t.queryRow(ctx, "SELECT value FROM report_state WHERE name = ?", name).Scan(&v)
	return v, wrapSurvey("state", err)
}

// SetReportState sets a value.
func (t *Tx) SetReportState(ctx context.Context, name, value string, at time.Time) error {
	_, err := t.exec(ctx, `INSERT INTO report_state (name, value, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, name, value, micros(at))
	return wrapSurvey("state", err)
}

// ClaimReportWeek records that the weekly report of an ISO week is being sent;
// claimed is false when it already was, by this instance or another.
func (t *Tx) ClaimReportWeek(ctx context.Context, week string, at time.Time) (claimed bool, err error) {
	res, err := t.exec(ctx, "INSERT INTO report_runs (week, sent_at) VALUES (?, ?) ON CONFLICT (week) DO NOTHING",
		week, micros(at))
	if err != nil {
		return false, wrapSurvey("claim week", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// LastReportWeek is the latest ISO week whose report was sent ("" for none).
func (s *Store) LastReportWeek(ctx context.Context) (string, error) {
	var w sql.NullString
	err := s.reader().queryRow(ctx, "SELECT MAX(week) FROM report_runs").Scan(&w)
	return w.String, wrapSurvey("last week", err)
}

func wrapSurvey(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: survey %s: %w", what, err)
}
