package core

import (
	"context"
	"time"
)

// Job is a background task of the service. Every instance runs every job: each
// job makes its effects idempotent in the database (a unique key per
// notification, per report week, an atomic claim per outbox row), so that a second
// instance or a restart neither misses nor doubles anything.
type Job struct {
	Name string
	// Every is the pause between two runs. Zero means Run is long-lived (an IMAP
	// IDLE loop, say): it returns only when ctx ends, and is restarted after an
	// error.
	Every time.Duration
	Run   func(ctx context.Context) error
}

// Jobs lists the background tasks `guichet serve` runs. Each feature adds its row.
func (s *Service) Jobs() []Job {
	jobs := []Job{}
	jobs = append(jobs, s.liveJobs()...)   // live.go: the broker's link to the other instances
	jobs = append(jobs, s.mailJobs()...)   // outbox.go: outbox delivery, IMAP polling
	jobs = append(jobs, s.slaJobs()...)    // sla_job.go: SLA warnings and breaches, the unanswered digest
	jobs = append(jobs, s.searchJobs()...) // search.go: consultations into the search index
	jobs = append(jobs, s.portalJobs()...) // portal_question.go: ended portal sessions, old links and rate counts
	jobs = append(jobs, Job{Name: "surveys", Every: time.Minute, Run: s.sendSurveys})
	jobs = append(jobs, Job{Name: "weekly_report", Every: weeklyReportEvery, Run: s.sendWeeklyReport})
	jobs = append(jobs, s.retentionJob()) // retention.go: anonymisation of requests closed years ago
	// report_warm.go: the dashboard's daily aggregates filled at start and at night
	jobs = append(jobs, s.reportWarmJob())
	return jobs
}
