package attach_test

import (
	"context"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/attach"
	"github.com/guichet/guichet/internal/errs"
	"github.com/guichet/guichet/internal/ticket"
)

// TestRemoveDeletesAContentAndIsIdempotent: the retention job deletes a
// content through the keeper; deleting it again (a run interrupted after the
// file and before its queue entry) is no error; a key that is not a blob key
// is refused, so that no queued value can name another file.
func TestRemoveDeletesAContentAndIsIdempotent(t *testing.T) {
	ctx := context.Background()
	dir := attach.Dir(t.TempDir())
	k := attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: dir})
	a, err := k.Keep(ctx, ticket.Web, "note.txt", strings.NewReader("Contenu personnel\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := k.Open(ctx, a); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if err := k.Remove(ctx, a.SHA256); err != nil {
			t.Fatalf("remove #%d: %v", i+1, err)
		}
	}
	if _, err := k.Open(ctx, a); !errs.Is(err, errs.NotFound) {
		t.Fatalf("the content is still there: %v", err)
	}
	a.SHA256 = "" // the row as retention leaves it
	if _, err := k.Open(ctx, a); !errs.Is(err, errs.NotFound) || !strings.Contains(err.Error(), "conservation") {
		t.Fatalf("an attachment whose content was deleted: %v", err)
	}
	for _, bad := range []string{"../guichet.db", "quarantine/../../x", ""} {
		if err := k.Remove(ctx, bad); err == nil {
			t.Errorf("key %q accepted", bad)
		}
	}
	readOnly := attach.New(attach.Options{Policy: attach.DefaultPolicy(), Blobs: getOnly{dir}})
	if err := readOnly.Remove(ctx, a.SHA256); err == nil {
		t.Error("a storage that cannot delete must say so, so that the key stays queued")
	}
}

// getOnly is a storage without Delete.
type getOnly struct{ d attach.Dir }

func (g getOnly) Put(ctx context.Context, key string, data []byte) error {
	return g.d.Put(ctx, key, data)
}
func (g getOnly) Get(ctx context.Context, key string) ([]byte, error) { return g.d.Get(ctx, key) }
