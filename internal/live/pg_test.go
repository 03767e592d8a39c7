package live_test

import (
	"testing"

	"github.com/guichet/guichet/internal/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestInstancesShareEventsOverPostgres: two instances on one PostgreSQL database
// share their events through LISTEN/NOTIFY.
func TestInstancesShareEventsOverPostgres(t *testing.T) {
	RunInstances(t, storetest.OpenPostgres(t))
}
