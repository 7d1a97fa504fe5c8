package broker

import (
	"context"
	"fmt"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// watchLink keeps one light AMQP connection (heartbeats and a probe only)
// to node e and reports its state. A node closes its client connections
// ~0.5 s into a graceful stop and the kernel resets them ~10 ms after a
// kill, so a closed link is the earliest sign of a node going down — the
// management API says so only seconds later. A frozen node is noticed by the
// probe below: amqp091-go's heartbeat deadline did not fire within 40 s
// against a SIGSTOPped lab node.
//
// The link is separate from the canary's own connection, so a link flaps only
// with its node and the canary's reconnects never look like a node outage.
func (c *Canary) watchLink(ctx context.Context, e Endpoint, events chan<- model.NodeLink) {
	node := canaryNodeName(e)
	var delay time.Duration
	for ctx.Err() == nil {
		conn, err := canaryDial(c.target, e, c.opts, "warren link "+node)
		if err != nil {
			c.linkChanged(ctx, events, model.NodeLink{Node: node, Reason: err.Error()})
			delay = canaryBackoff(delay, c.opts.BackoffFirst, c.opts.BackoffMax)
			canarySleep(ctx, delay)
			continue
		}
		delay = 0
		c.linkChanged(ctx, events, model.NodeLink{Node: node, Up: true})
		reason, silent := c.holdLink(ctx, conn)
		if ctx.Err() != nil {
			return
		}
		c.linkChanged(ctx, events, model.NodeLink{Node: node, Reason: reason, Silent: silent})
		// The node is most likely on its way down: retry, gently.
		canarySleep(ctx, c.opts.BackoffFirst)
	}
}

// linkChanged records a link state and reports it when Up changed (or on
// the first word about the node); a new reason for staying down is kept but
// not reported again.
func (c *Canary) linkChanged(ctx context.Context, events chan<- model.NodeLink, link model.NodeLink) {
	c.mu.Lock()
	node := link.Node
	prev, known := c.links[node]
	link.Since = c.opts.Clock()
	changed := !known || prev.Up != link.Up
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

// holdLink keeps the link until it closes, or until the node stops
// answering a probe, and says why it ended; silent is the unanswered probe
// (a frozen node keeps its sockets open).
func (c *Canary) holdLink(ctx context.Context, conn *amqp.Connection) (reason string, silent bool) {
	closed := conn.NotifyClose(make(chan *amqp.Error, 1))
	probe := time.NewTicker(c.opts.Heartbeat)
	defer probe.Stop()
	for {
		select {
		case <-ctx.Done():
			go conn.CloseDeadline(time.Now().Add(c.opts.DialTimeout))
			return "stopped", false
		case err := <-closed:
			return canaryCloseReason(err), false
		case <-probe.C:
			if err := canaryProbe(conn, c.opts.DialTimeout); err != nil {
				go conn.CloseDeadline(time.Now().Add(c.opts.DialTimeout))
				return err.Error(), true
			}
		}
	}
}

// canaryProbe asks the node for a round trip (open and close a channel). A
// frozen node keeps the TCP connection up but answers nothing.
func canaryProbe(conn *amqp.Connection, timeout time.Duration) error {
	answered := make(chan error, 1)
	go func() {
		ch, err := conn.Channel()
		if err == nil {
			err = ch.Close()
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil && !conn.IsClosed() {
			return fmt.Errorf("node not answering: %v", err)
		}
		return nil // a closed connection is reported by NotifyClose
	case <-time.After(timeout):
		return fmt.Errorf("node not answering (no reply within %v)", timeout)
	}
}
