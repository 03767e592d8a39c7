package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"
)

// ErrRemote is returned for a target outside the loopback interface when
// Options.AllowRemote is not set.
var ErrRemote = errors.New("bench: the target is not on the loopback interface (127.0.0.0/8, ::1, localhost); loading another host needs Options.AllowRemote")

// checkTarget parses the base URL and refuses a non-loopback host unless allowed.
// A trailing /api/v1 is accepted and dropped.
func checkTarget(raw string, allowRemote bool) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("bench: base URL %q: want http://host:port", raw)
	}
	if !allowRemote && !isLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("%w: %q", ErrRemote, u.Host)
	}
	u.Path = strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), "/api/v1")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

func isLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// loopbackOnly refuses, at dial time, an address outside the loopback interface:
// "localhost" could resolve elsewhere on an odd machine.
func loopbackOnly(_, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%w: dial %s", ErrRemote, address)
	}
	return nil
}

// client is the HTTP side shared by the workers.
type client struct {
	http  *http.Client
	base  string
	token string
}

// newClient builds a client whose transport keeps one idle connection per worker,
// so that every request reuses a connection instead of paying a TCP handshake.
func newClient(base *url.URL, o Options) *client {
	dialer := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}
	if !o.AllowRemote {
		dialer.Control = loopbackOnly
	}
	tr := &http.Transport{
		Proxy:               nil, // a proxy would measure itself, and might not be local
		DialContext:         dialer.DialContext,
		MaxIdleConns:        2 * o.Clients,
		MaxIdleConnsPerHost: o.Clients,
		IdleConnTimeout:     90 * time.Second,
		TLSHandshakeTimeout: 5 * time.Second,
		DisableCompression:  true,
	}
	hc := &http.Client{
		Transport: tr,
		Timeout:   requestTimeout,
		// A redirect could lead off the loopback interface; report it instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return &client{http: hc, base: base.String(), token: o.Token}
}

// preflight checks, with one list request, that the server answers and accepts
// the token, so that a wrong token fails at once instead of as N errors.
func (c *client) preflight(ctx context.Context) error {
	status, body, _, err := c.send(ctx, http.MethodGet, "/api/v1/tickets?limit=1", nil)
	if err != nil {
		return fmt.Errorf("bench: %s does not answer: %w", c.base, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("bench: GET %s/api/v1/tickets answered %d: %s", c.base, status, excerpt(body))
	}
	return nil
}

// do runs one operation and checks the answer's status and shape; took is the
// time from sending the request to reading the whole answer. A page is decoded in
// full only when deep is set (now and then): the tool shares the machine with the
// server it measures, and decoding every page would take CPU from it.
func (c *client) do(ctx context.Context, op string, gen *generator, deep bool) (took time.Duration, err error) {
	switch op {
	case OpCreate:
		return c.create(ctx, gen)
	case OpInbox, OpInboxActive:
		path := "/api/v1/tickets?limit=50"
		if op == OpInboxActive {
			path = "/api/v1/tickets?state=new,open&limit=50"
		}
		status, resp, took, err := c.send(ctx, http.MethodGet, path, nil)
		if err != nil {
			return took, err
		}
		if status != http.StatusOK {
			return took, &statusError{status, excerpt(resp)}
		}
		if !isPage(resp, deep) {
			return took, &statusError{status, "no items in: " + excerpt(resp)}
		}
		return took, nil
	}
	return 0, fmt.Errorf("bench: unknown operation %q", op)
}

// create posts one generated request and checks that a ticket came back.
func (c *client) create(ctx context.Context, gen *generator) (time.Duration, error) {
	body, _ := json.Marshal(gen.ticket())
	status, resp, took, err := c.send(ctx, http.MethodPost, "/api/v1/tickets", body)
	if err != nil {
		return took, err
	}
	if status != http.StatusCreated {
		return took, &statusError{status, excerpt(resp)}
	}
	var tk struct {
		ID     int64  `json:"id"`
		Number string `json:"number"`
	}
	if err := json.Unmarshal(resp, &tk); err != nil || tk.ID == 0 || tk.Number == "" {
		return took, &statusError{status, "no id or number in: " + excerpt(resp)}
	}
	return took, nil
}

// isPage reports whether b looks like a list page: a JSON object with items; with
// deep, b is decoded and items must be an array.
func isPage(b []byte, deep bool) bool {
	if !deep {
		return bytes.HasPrefix(bytes.TrimSpace(b), []byte("{")) && bytes.Contains(b, []byte(`"items":`))
	}
	var page struct {
		Items []json.RawMessage `json:"items"`
	}
	return json.Unmarshal(b, &page) == nil && page.Items != nil
}

// maxBody bounds what is read of an answer; a first page is far smaller.
const maxBody = 8 << 20

// send makes one request and reads the whole answer (so the connection is
// reused); took runs from just before the request is sent to the answer's end.
func (c *client) send(ctx context.Context, method, path string, body []byte) (status int, resp []byte, took time.Duration, err error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	began := time.Now()
	r, err := c.http.Do(req)
	if err != nil {
		return 0, nil, time.Since(began), err
	}
	defer r.Body.Close()
	resp, err = io.ReadAll(io.LimitReader(r.Body, maxBody))
	took = time.Since(began)
	io.Copy(io.Discard, r.Body) // past the limit: drain, so the connection is reused
	return r.StatusCode, resp, took, err
}

// statusError is an answer that is not the expected success.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("%d %s", e.status, e.body) }

// excerpt shortens a body for an error line.
func excerpt(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}
