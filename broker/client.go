package broker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	rabbithole "github.com/michaelklishin/rabbit-hole/v2"
)

// DefaultTimeout bounds every request: a frozen node makes cluster-wide
// endpoints hang for up to 60 s (Erlang's net tick), and warren must not.
const DefaultTimeout = 2 * time.Second

// maxBody caps what warren reads from one answer; a top-N page is a few KB.
const maxBody = 32 << 20

// nodeClient talks to one node's management listener.
type nodeClient struct {
	ep      Endpoint
	base    *url.URL
	user    string
	pass    string
	http    *http.Client
	rh      *rabbithole.Client
	timeout time.Duration
}

func newNodeClient(t Target, ep Endpoint, transport *http.Transport) (*nodeClient, error) {
	base, err := url.Parse(strings.TrimRight(ep.MgmtURL, "/"))
	if err != nil || base.Host == "" || (base.Scheme != "http" && base.Scheme != "https") {
		return nil, fmt.Errorf("management URL %q must look like http://host:15672", RedactURL(ep.MgmtURL))
	}
	base.User = nil
	rh, err := rabbithole.NewTLSClient(base.String(), t.Username, t.Password, transport)
	if err != nil {
		return nil, fmt.Errorf("management URL %q: %w", base, err)
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	rh.SetTimeout(timeout)
	return &nodeClient{
		ep: ep, base: base, user: t.Username, pass: t.Password,
		// No client-wide timeout: each request carries its own deadline, so a
		// rare heavy call (ranking thousands of queues) may take longer than
		// the 2 s a frequent poll is allowed.
		http: &http.Client{Transport: transport},
		rh:   rh, timeout: timeout,
	}, nil
}

// apiError is an HTTP answer other than 2xx, kept with its body for checks
// that answer 503 with a reason (health checks).
type apiError struct {
	Status int
	Body   []byte
}

func (e *apiError) Error() string { return fmt.Sprintf("HTTP %d", e.Status) }

// get fetches path (relative to /api/) into into within the target's
// request timeout. A 503 from a health check is returned as *apiError with
// the body, so callers can read the reason.
func (n *nodeClient) get(ctx context.Context, path string, into any) error {
	return n.getWithin(ctx, n.timeout, path, into)
}

// getWithin is get with its own deadline, for rare heavy calls.
func (n *nodeClient) getWithin(ctx context.Context, timeout time.Duration, path string, into any) error {
	status, body, err := n.fetchWithin(ctx, timeout, path)
	if err != nil {
		return err
	}
	if status/100 != 2 {
		return n.describeWithin(&apiError{Status: status, Body: body}, timeout)
	}
	if into == nil {
		return nil
	}
	if err := json.Unmarshal(body, into); err != nil {
		return fmt.Errorf("%s: unexpected answer to /api/%s: %v", n.base.Host, path, err)
	}
	return nil
}

// fetchWithin GETs path (relative to /api/) and returns whatever HTTP
// status and body came back; only a failure to get an answer is an error.
// Health checks read their answer from the body whatever the status.
func (n *nodeClient) fetchWithin(ctx context.Context, timeout time.Duration, path string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.base.String()+"/api/"+path, nil)
	if err != nil {
		return 0, nil, err
	}
	req.SetBasicAuth(n.user, n.pass)
	resp, err := n.http.Do(req)
	if err != nil {
		return 0, nil, n.describeWithin(err, timeout)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return 0, nil, n.describeWithin(err, timeout)
	}
	return resp.StatusCode, body, nil
}

// describe turns transport and HTTP failures into one clear line naming the
// node, what went wrong and what to try. The URL never carries credentials.
func (n *nodeClient) describe(err error) error { return n.describeWithin(err, n.timeout) }

// describeWithin is describe for a request that was given timeout.
func (n *nodeClient) describeWithin(err error, timeout time.Duration) error {
	host := n.base.Host
	var api *apiError
	var netErr net.Error
	msg := err.Error()
	switch {
	case errors.As(err, &api) && api.Status == http.StatusUnauthorized:
		return &Problem{Node: host, Kind: "auth", Err: err, Msg: "wrong username or password (HTTP 401); guest only works on loopback"}
	case errors.As(err, &api) && api.Status == http.StatusNotFound:
		return &Problem{Node: host, Kind: "not-found", Err: err, Msg: "endpoint not found (HTTP 404): not a management API, or this RabbitMQ version lacks it"}
	case errors.As(err, &api):
		return &Problem{Node: host, Kind: "http", Err: err, Msg: fmt.Sprintf("HTTP %d: %s", api.Status, apiReason(api.Body))}
	case errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &netErr) && netErr.Timeout()):
		return &Problem{Node: host, Kind: "timeout", Err: err, Msg: fmt.Sprintf("no answer within %s (node frozen, overloaded or partitioned)", timeout)}
	case strings.Contains(msg, "connection refused"):
		return &Problem{Node: host, Kind: "refused", Err: err, Msg: "connection refused: node down or its management plugin is disabled"}
	case strings.Contains(msg, "server gave HTTP response to HTTPS client"):
		return &Problem{Node: host, Kind: "tls", Err: err, Msg: "https:// used, but the listener speaks plain HTTP: use http://"}
	case strings.Contains(msg, "x509") || strings.Contains(msg, "certificate"):
		return &Problem{Node: host, Kind: "tls", Err: err, Msg: "TLS certificate not trusted (" + lastClause(msg) + "): pass --ca-file, or --insecure to skip verification"}
	case strings.Contains(msg, "malformed HTTP") || (n.base.Scheme == "http" && strings.Contains(msg, "EOF") && !strings.Contains(msg, "unexpected EOF")):
		// A TLS listener answers a plain request with garbage or by hanging up
		// before any byte; a node going down resets mid-answer instead.
		return &Problem{Node: host, Kind: "tls", Err: err, Msg: "the listener hung up without an HTTP answer: an https listener used with http://, or the node is going down"}
	case strings.Contains(msg, "EOF") || strings.Contains(msg, "connection reset"):
		return &Problem{Node: host, Kind: "dropped", Err: err, Msg: "the node dropped the connection (going down or restarting)"}
	case strings.Contains(msg, "no such host"):
		return &Problem{Node: host, Kind: "dns", Err: err, Msg: "host name does not resolve"}
	}
	return &Problem{Node: host, Kind: "other", Err: err, Msg: lastClause(msg)}
}

// Problem is a failed request in words an operator can act on.
type Problem struct {
	Node string // host:port asked
	Kind string // auth, not-found, http, timeout, refused, tls, dns, other
	Msg  string
	Err  error
}

func (p *Problem) Error() string { return p.Node + ": " + p.Msg }
func (p *Problem) Unwrap() error { return p.Err }

// IsTimeout reports whether err is a request that got no answer in time.
func IsTimeout(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p.Kind == "timeout"
}

// IsNotFound reports whether the endpoint does not exist on this version.
func IsNotFound(err error) bool {
	var p *Problem
	return errors.As(err, &p) && p.Kind == "not-found"
}

func apiReason(body []byte) string {
	var e struct {
		Error  string `json:"error"`
		Reason string `json:"reason"`
	}
	if json.Unmarshal(body, &e) == nil && (e.Reason != "" || e.Error != "") {
		return strings.TrimSpace(e.Error + " " + e.Reason)
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 120 {
		s = s[:120] + "…"
	}
	return s
}

func lastClause(msg string) string {
	if i := strings.LastIndex(msg, ": "); i >= 0 && i+2 < len(msg) {
		return msg[i+2:]
	}
	return msg
}

// RedactURL removes any password from a URL for display. A URL that does
// not parse as one with userinfo (a bad escape or port, or a missing scheme
// so "user:pw@host" reads as scheme "user" — exactly what makes it worth
// showing in an error) loses everything between its scheme and its last
// '@', since the password may be there.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return redactUnparsed(raw)
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func redactUnparsed(raw string) string {
	at := strings.LastIndex(raw, "@")
	if at < 0 {
		return raw
	}
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 && i < at {
		start = i + len("://")
	}
	return raw[:start] + "xxxxx" + raw[at:]
}
