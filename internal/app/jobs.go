package app

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/guichet/guichet/internal/core"
)

// runJobs runs the service's background jobs until ctx ends, and waits for them.
// A periodic job runs at start, then every Every (with a little jitter, so that
// instances started together do not run in step); a long-lived job is restarted
// after an error, with a growing pause.
func (a *App) runJobs(ctx context.Context, jobs []core.Job) *sync.WaitGroup {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Go(func() {
			backoff := time.Second
			for {
				err := j.Run(ctx)
				if ctx.Err() != nil {
					return
				}
				wait := j.Every
				if err != nil {
					a.log.Error("job failed", "job", j.Name, "err", err)
					if j.Every == 0 {
						wait, backoff = backoff, min(2*backoff, time.Minute)
					}
				} else if j.Every == 0 {
					wait, backoff = time.Second, time.Second
				}
				if j.Every > 0 {
					wait += time.Duration(rand.Int64N(int64(j.Every/10) + 1))
				}
				select {
				case <-ctx.Done():
					return
				case <-time.After(wait):
				}
			}
		})
	}
	return &wg
}
