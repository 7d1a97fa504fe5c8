// Package broker talks to RabbitMQ — the management HTTP API of every node
// (rabbit-hole) and AMQP (amqp091-go) — and turns the answers into model
// types. It never blocks a caller for long: every request has a timeout, and
// failures come back as data.
package broker

import (
	"crypto/tls"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Endpoint is one node's listeners.
type Endpoint struct {
	// Name is the node's Erlang name when known (rabbit@host); discovered
	// from the API otherwise.
	Name    string `yaml:"name,omitempty" json:"name,omitempty"`
	MgmtURL string `yaml:"url" json:"url"`
	AMQPURL string `yaml:"amqp_url,omitempty" json:"amqp_url,omitempty"`
}

// Target is a cluster: its nodes, credentials and TLS settings.
type Target struct {
	Name     string
	Nodes    []Endpoint
	Username string
	// Password is never printed, journaled or logged; String() omits it,
	// and the tags keep it out of any JSON or YAML a Target is encoded in.
	Password string `json:"-" yaml:"-"`
	// Insecure turns TLS verification off; the UI shows it.
	Insecure bool
	CAFile   string
	Timeout  time.Duration // per request
}

// String describes the target without its password.
func (t Target) String() string {
	var urls []string
	for _, n := range t.Nodes {
		urls = append(urls, n.MgmtURL)
	}
	s := fmt.Sprintf("%s (%s) as %s", t.Name, strings.Join(urls, ", "), t.Username)
	if t.Insecure {
		s += " [TLS verification OFF]"
	}
	return s
}

// TLSConfig returns the client TLS settings for this target.
func (t Target) TLSConfig() (*tls.Config, error) {
	cfg := &tls.Config{InsecureSkipVerify: t.Insecure, MinVersion: tls.VersionTLS12} //nolint:gosec // only when --insecure, and then shown
	if t.CAFile != "" {
		pool, err := loadCAFile(t.CAFile)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// AMQPURLWithCreds returns the node's AMQP URL with the target's credentials
// filled in, for dialling only: never log it.
func (t Target) AMQPURLWithCreds(e Endpoint) (string, error) {
	u, err := url.Parse(e.AMQPURL)
	if err != nil {
		return "", fmt.Errorf("bad AMQP URL for %s: %w", e.MgmtURL, err)
	}
	u.User = url.UserPassword(t.Username, t.Password)
	return u.String(), nil
}
