package broker

import (
	"context"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// watchLink keeps one light AMQP connection (no channel, heartbeats only)
// to node e and reports its state. A node closes its client connections
// ~0.5 s into a graceful stop and the kernel resets them ~10 ms after a
// kill, so a closed link is the earliest sign of a node going down — the
// management API says so only seconds later. A frozen node is noticed by the
// missed heartbeats (about two heartbeat intervals).
//
// The link is separate from the canary's own connection, so a link flaps only
// with its node and the canary's reconnects never look like a node outage.
func (c *Canary) watchLink(ctx context.Context, e Endpoint, events chan<- model.NodeLink) {
	node := canaryNodeName(e)
	var delay time.Duration
	for ctx.Err() == nil {
		conn, err := canaryDial(c.target, e, c.opts, "warren link "+node)
		if err != nil {
			c.linkChanged(ctx, events, node, false, err.Error())
			delay = canaryBackoff(delay, c.opts.BackoffFirst, c.opts.BackoffMax)
			canarySleep(ctx, delay)
			continue
		}
		delay = 0
		c.linkChanged(ctx, events, node, true, "")
		closed := conn.NotifyClose(make(chan *amqp.Error, 1))
		select {
		case <-ctx.Done():
			_ = conn.Close()
			return
		case err := <-closed:
			c.linkChanged(ctx, events, node, false, canaryCloseReason(err))
		}
		// The node is most likely on its way down: retry, gently.
		canarySleep(ctx, c.opts.BackoffFirst)
	}
}

// linkChanged records a link state and reports it when Up changed (or on
// the first word about the node); a new reason for staying down is kept but
// not reported again.
func (c *Canary) linkChanged(ctx context.Context, events chan<- model.NodeLink, node string, up bool, reason string) {
	c.mu.Lock()
	prev, known := c.links[node]
	link := model.NodeLink{Node: node, Up: up, Since: c.opts.Clock(), Reason: reason}
	changed := !known || prev.Up != up
	if !changed {
		link.Since = prev.Since
	}
	c.links[node] = link
	c.mu.Unlock()
	if !changed {
		return
	}
	select {
	case events <- link:
	case <-ctx.Done():
	}
}
