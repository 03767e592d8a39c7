package demo_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/demo"
	"github.com/guichet/guichet/internal/store/storetest"
)

// TestVolume measures a large generation on SQLite, the demo's database:
//
//	GUICHET_DEMO_VOLUME=100000 go test -run TestVolume -v -timeout 30m ./internal/demo/
func TestVolume(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("GUICHET_DEMO_VOLUME"))
	if n <= 0 {
		t.Skip("set GUICHET_DEMO_VOLUME to the number of requests to generate")
	}
	s := storetest.OpenSQLite(t)
	start := time.Now()
	res, err := demo.Generate(context.Background(), demo.Options{Store: s, Core: core.New(core.Options{Store: s}),
		Tickets: n, Now: now, Progress: os.Stderr})
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	t.Logf("%d requests, %d companies, %d contacts in %v: %.0f requests/s",
		res.Tickets, res.Companies, res.Contacts, d.Round(time.Millisecond), float64(res.Tickets)/d.Seconds())
}
