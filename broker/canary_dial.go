package broker

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// canaryNodeName names a node for the canary and its links: the endpoint's
// Erlang name when the target knows it, else the AMQP URL's host:port. AMQP
// itself does not tell: the server properties carry cluster_name, not the
// node's name.
func canaryNodeName(e Endpoint) string {
	if e.Name != "" {
		return e.Name
	}
	if u, err := url.Parse(e.AMQPURL); err == nil && u.Host != "" {
		return u.Host
	}
	return e.MgmtURL
}

// canaryDial opens one AMQP connection to node e with a short dial timeout
// and heartbeat, so a dead or frozen node is noticed quickly. Errors come
// back without credentials.
func canaryDial(t Target, e Endpoint, opts CanaryOptions, name string) (*amqp.Connection, error) {
	if e.AMQPURL == "" {
		return nil, fmt.Errorf("node %s has no AMQP URL", canaryNodeName(e))
	}
	dialURL, err := t.AMQPURLWithCreds(e)
	if err != nil {
		return nil, errors.New(canaryScrub(err.Error(), t.Password))
	}
	cfg := amqp.Config{
		Heartbeat: opts.Heartbeat,
		Dial:      amqp.DefaultDial(opts.DialTimeout),
		Locale:    "en_US",
		Properties: amqp.Table{
			"connection_name": name,
			"product":         "warren",
			"version":         opts.Version,
			"platform":        "golang",
		},
	}
	if strings.HasPrefix(e.AMQPURL, "amqps:") {
		if cfg.TLSClientConfig, err = t.TLSConfig(); err != nil {
			return nil, err
		}
	}
	conn, err := amqp.DialConfig(dialURL, cfg)
	if err != nil {
		return nil, errors.New(canaryScrub(err.Error(), t.Password))
	}
	return conn, nil
}

var canaryUserinfo = regexp.MustCompile(`([A-Za-z][A-Za-z0-9+.-]*://)[^@/\s"]*@`)

// canaryScrub removes credentials from error text: userinfo in any URL, and
// the password itself (also URL-escaped) wherever else it shows up.
func canaryScrub(s, password string) string {
	s = canaryUserinfo.ReplaceAllString(s, "${1}***@")
	if password == "" {
		return s
	}
	for _, p := range []string{password, url.QueryEscape(password), url.PathEscape(password)} {
		s = strings.ReplaceAll(s, p, "***")
	}
	return s
}

// canaryCloseReason turns a connection's close error into words an operator
// reads at a glance.
func canaryCloseReason(err *amqp.Error) string {
	switch {
	case err == nil:
		return "closed by warren"
	case err.Code == amqp.ConnectionForced:
		return "node closed the connection (" + err.Reason + ")"
	case err.Code == amqp.FrameError && !err.Server:
		return "connection lost (" + err.Reason + ")"
	default:
		return err.Error()
	}
}

// canaryBackoff doubles a retry delay up to a cap.
func canaryBackoff(prev, first, maxDelay time.Duration) time.Duration {
	if prev <= 0 {
		return first
	}
	return min(prev*2, maxDelay)
}
