package broker

import (
	"net/url"
	"strings"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// CanaryMove carries the canary across a blue-green migration. While the
// consumers have moved and the publishers not yet, it publishes on blue
// and consumes on green, its queue federated from blue into green (the
// runbook's federation step declares model.CanaryFederationPolicy), so
// its latency and loss are those of the move itself.
type CanaryMove struct {
	// Green is the cluster the canary moves to.
	Green Target
	// Route says where to publish and consume now; the canary asks every
	// SampleInterval and moves when the answer changes.
	Route func() model.CanaryRoute
}

// canaryEnd is one side of a session: a node of blue or of green.
type canaryEnd struct {
	target Target
	e      Endpoint
}

// refreshRoute reads the route the run asks for now.
func (c *Canary) refreshRoute() {
	if c.opts.Move == nil || c.opts.Move.Route == nil {
		return
	}
	r := c.opts.Move.Route()
	c.mu.Lock()
	c.want = r
	c.mu.Unlock()
}

func (c *Canary) wantedRoute() model.CanaryRoute {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.want
}

// ends picks the nodes of the next session for route: round-robin over
// blue's nodes and green's, each with its own turn.
func (c *Canary) ends(route model.CanaryRoute, turn map[bool]int) (pub, sub canaryEnd, ok bool) {
	pick := func(green bool) (canaryEnd, bool) {
		t := c.target
		if green {
			t = c.opts.Move.Green
		}
		if len(t.Nodes) == 0 {
			return canaryEnd{}, false
		}
		e := t.Nodes[turn[green]%len(t.Nodes)]
		turn[green]++
		return canaryEnd{target: t, e: e}, true
	}
	if pub, ok = pick(route.PublishOnGreen); !ok {
		return pub, sub, false
	}
	if route.ConsumeOnGreen == route.PublishOnGreen {
		return pub, pub, true
	}
	sub, ok = pick(route.ConsumeOnGreen)
	return pub, sub, ok
}

// AMQPVHost is the vhost an AMQP URL names ("/" when it names none): the
// vhost the canary's queue lives in.
func AMQPVHost(amqpURL string) string {
	u, err := url.Parse(amqpURL)
	if err != nil || strings.Trim(u.Path, "/") == "" {
		return "/"
	}
	v, err := url.PathUnescape(strings.TrimPrefix(u.Path, "/"))
	if err != nil {
		return "/"
	}
	return v
}

// ensureQueue makes sure the canary queue exists on conn's cluster. A
// reconnect finds it there, and a passive declare is only a lookup —
// whereas a real declare is a cluster-wide transaction, which may block
// while a member is frozen until Erlang gives that node up (net_ticktime,
// ~60 s). A failed passive declare closes its channel, so each try gets
// its own.
func (s *canarySession) ensureQueue(conn *amqp.Connection) error {
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	if _, err := ch.QueueDeclarePassive(s.c.opts.Queue, true, false, false, false, nil); err == nil {
		return ch.Close()
	}
	if ch, err = conn.Channel(); err != nil {
		return err
	}
	defer ch.Close()
	_, err = ch.QueueDeclare(s.c.opts.Queue, true, false, false, false, s.queueArgs(serverVersion(conn)))
	return err
}

// awaitConfirms lets a session that is about to move collect the confirms
// of what it already published, for at most ConfirmTimeout: a planned move
// leaves nothing in doubt.
func (s *canarySession) awaitConfirms() {
	deadline := time.Now().Add(s.c.opts.ConfirmTimeout)
	for time.Now().Before(deadline) && !s.abandoned() {
		if _, waiting := s.oldestUnconfirmed(s.c.opts.Clock()); !waiting {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// where names the session's node, and the consuming one when it differs.
func (s *canarySession) where() string {
	if s.subNode != s.node {
		return s.node + " (consuming on " + s.subNode + ")"
	}
	return s.node
}
