package app

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/guichet/guichet/internal/access"
	"github.com/guichet/guichet/internal/config"
	"github.com/guichet/guichet/internal/core"
)

func openTestApp(t *testing.T) *App {
	t.Helper()
	cfg := config.Defaults()
	cfg.DataDir = t.TempDir()
	a, err := Open(context.Background(), cfg, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// serve runs the app on a loopback port until the test ends.
func serve(t *testing.T, a *App) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return "http://" + ln.Addr().String()
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestOperationsEndpointsAndAPI(t *testing.T) {
	a := openTestApp(t)
	defer a.Close()
	base := serve(t, a)
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, "ok") {
		t.Fatalf("healthz %d %q", code, body)
	}
	if code, _ := get(t, base+"/readyz"); code != 200 {
		t.Fatalf("readyz %d", code)
	}
	if code, body := get(t, base+"/"); code != 200 || !strings.Contains(body, `lang="fr"`) {
		t.Fatalf("home %d", code)
	}
	if code, body := get(t, base+"/api/v1/openapi.json"); code != 200 || !strings.Contains(body, `"openapi"`) {
		t.Fatalf("openapi %d", code)
	}
	ctx := context.Background()
	if _, err := a.Core().AddUser(ctx, access.System(), core.NewUser{Email: "a@region.example", Role: "agent"}); err != nil {
		t.Fatal(err)
	}
	tok, _ := a.Core().CreateToken(ctx, access.System(), "a@region.example")
	if code, body := get(t, base+"/api/v1/tickets", "Authorization", "Bearer "+tok); code != 200 || !strings.Contains(body, `"items"`) {
		t.Fatalf("tickets %d %q", code, body)
	}
	if code, _ := get(t, base+"/api/v1/tickets"); code != 401 {
		t.Fatalf("tickets without token: %d", code)
	}
	code, body := get(t, base+"/metrics")
	if code != 200 || !strings.Contains(body, "guichet_http_request_duration_seconds_count") ||
		!strings.Contains(body, `route="GET /healthz"`) {
		t.Fatalf("metrics %d: no request histogram", code)
	}
}

func TestReadyzFailsWhenTheDatabaseIsGone(t *testing.T) {
	a := openTestApp(t)
	base := serve(t, a)
	a.Close()
	if code, _ := get(t, base+"/readyz"); code != http.StatusServiceUnavailable {
		t.Fatalf("readyz with a closed database: %d", code)
	}
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("healthz must not depend on the database: %d", code)
	}
}

func TestRequestIDIsEchoed(t *testing.T) {
	a := openTestApp(t)
	defer a.Close()
	base := serve(t, a)
	resp, err := http.Get(base + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if len(resp.Header.Get("X-Request-ID")) != 16 {
		t.Fatalf("no request id: %q", resp.Header.Get("X-Request-ID"))
	}
}
