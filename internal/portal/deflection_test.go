package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/core"
	"github.com/guichet/guichet/internal/faq"
)

// TestQuestionSentAfterSuggestions: a company shown FAQ suggestions while typing
// that still sends its question counts as not deflected (the dashboard's
// deflection rate), and the suggestions are linked to its request.
func TestQuestionSentAfterSuggestions(t *testing.T) {
	each(t, false, func(t *testing.T, f *fixture) {
		ctx := context.Background()
		cookie := &http.Cookie{Name: "guichet_faq", Value: strings.Repeat("c", 32)}
		probe := httptest.NewRequest("GET", "/faq/suggest", nil)
		probe.AddCookie(cookie)
		visitor := faq.VisitorKey(probe)
		if visitor == "" {
			t.Fatal("no visitor key from the FAQ cookie")
		}
		if err := f.svc.RecordSuggestions(ctx, visitor, "lot 2 allotissement", []core.SearchHit{{Kind: "article", Ref: "repondre-plusieurs-lots"}}); err != nil {
			t.Fatal(err)
		}
		started := f.openForm()
		f.advance(40 * time.Second)
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		for _, kv := range question(started) {
			mw.WriteField(kv[0], kv[1])
		}
		mw.Close()
		req := httptest.NewRequest("POST", "/question", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(cookie)
		w := f.do(req, "")
		if w.Code != http.StatusSeeOther {
			t.Fatalf("send: %d %s", w.Code, body(w))
		}
		d, err := f.svc.DeflectionRate(ctx, access.System(), time.Time{}.Add(time.Hour), time.Now().Add(24*365*time.Hour))
		if err != nil || d.Shown != 1 || d.Sent != 1 || d.Rate != 0 {
			t.Fatalf("deflection after the question was sent: %+v, %v", d, err)
		}
	})
}
