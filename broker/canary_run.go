package broker

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// Run runs the canary until ctx ends. It sends a model.CanarySample every
// SampleInterval and a model.NodeLink on every link change to out; a nil out
// discards them (read Stats afterwards). Sends give up when ctx ends, so a
// stalled reader cannot hang warren's exit. Before returning it deletes the
// canary queue if it still has a connection.
func (c *Canary) Run(ctx context.Context, out chan<- any) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	links := make(chan model.NodeLink, 16)
	var wg sync.WaitGroup
	if !c.opts.NoLinks {
		for _, e := range c.target.Nodes {
			wg.Go(func() { c.watchLink(ctx, e, links) })
		}
	}
	c.refreshRoute()
	wg.Go(func() { c.connectLoop(ctx) })
	defer c.closers.Wait() // bounded by every close's deadline
	defer c.sweeper.Wait() // bounded by its requests' timeouts
	defer wg.Wait()
	ticker := time.NewTicker(c.opts.SampleInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case l := <-links:
			canaryEmit(ctx, out, l)
		case <-ticker.C:
			c.refreshRoute()
			canaryEmit(ctx, out, c.sample())
		}
	}
}

func canaryEmit(ctx context.Context, out chan<- any, v any) {
	if out == nil {
		return
	}
	select {
	case out <- v:
	case <-ctx.Done():
	}
}

// connectLoop keeps one session alive, moving round-robin to the next node
// whenever the current one fails, and records each outage as a gap (from
// the moment the break was seen to the next working session). Failing to
// connect at all is not a gap: Connected stays false with the reason. In
// a blue-green run a move between clusters ends the session too: its gap
// is the move's.
func (c *Canary) connectLoop(ctx context.Context) {
	if len(c.target.Nodes) == 0 {
		c.setDisconnected("target has no nodes")
		return
	}
	var (
		seq   uint64
		turn  = map[bool]int{} // next node of blue (false) and green (true)
		delay time.Duration
		gap   *model.Gap // open since the last session ended
	)
	for ctx.Err() == nil {
		route := c.wantedRoute()
		pub, sub, ok := c.ends(route, turn)
		if !ok {
			c.setDisconnected("green has no nodes")
			canarySleep(ctx, c.opts.BackoffMax)
			continue
		}
		s, err := c.openSession(pub, sub, route)
		if err != nil {
			c.setDisconnected(err.Error())
			delay = canaryBackoff(delay, c.opts.BackoffFirst, c.opts.BackoffMax)
			canarySleep(ctx, delay)
			continue
		}
		delay = 0
		if gap != nil {
			gap.To, gap.Duration = s.where(), c.opts.Clock().Sub(gap.Start)
			c.addGap(*gap)
			gap = nil
		}
		c.setConnected(s)
		if !model.Has(s.version, model.QuorumQueueExpires) {
			c.sweepOnce.Do(func() { c.sweeper.Go(func() { c.sweepStale(ctx, pub.e) }) })
		}
		reason, at := s.run(ctx, &seq)
		if ctx.Err() != nil {
			return
		}
		c.ledger.disconnected(at)
		c.setDisconnected(reason)
		gap = &model.Gap{Start: at, From: s.node, Reason: reason}
	}
}

// run drives the session until ctx ends or the session breaks, then closes
// it — deleting the canary queue only on a clean stop, since after a break
// the next session on another node goes on using it — and says why it
// stopped and when. seq carries the sequence across sessions.
func (s *canarySession) run(ctx context.Context, seq *uint64) (reason string, at time.Time) {
	var wg sync.WaitGroup
	wg.Go(s.confirmLoop)
	wg.Go(s.consumeLoop)
	wg.Go(func() { s.watch(ctx) })
	reason = s.publishUntilBroken(ctx, seq)
	at = s.c.opts.Clock()
	s.close(ctx.Err() != nil)
	wg.Wait() // every loop ends once the session is given up
	return reason, at
}

func (s *canarySession) publishUntilBroken(ctx context.Context, seq *uint64) string {
	pubClosed := s.pub.NotifyClose(make(chan *amqp.Error, 1))
	subClosed := s.sub.NotifyClose(make(chan *amqp.Error, 1))
	cancelled := s.sub.NotifyCancel(make(chan string, 1))
	ticker := time.NewTicker(time.Duration(float64(time.Second) / s.c.opts.Rate))
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return "stopped"
		case <-s.dead:
			return s.deadWhy
		case err := <-s.connClosed:
			return s.node + ": " + canaryCloseReason(err)
		case err := <-pubClosed:
			return s.node + ": publisher channel closed: " + canaryCloseReason(err)
		case err := <-subClosed:
			return s.node + ": consumer channel closed: " + canaryCloseReason(err)
		case <-cancelled:
			return s.node + ": the broker cancelled the canary consumer (queue deleted?)"
		case err := <-s.subConnClosed:
			return s.subNode + ": " + canaryCloseReason(err)
		case <-ticker.C:
			if want := s.c.wantedRoute(); want != s.route {
				s.awaitConfirms()
				return fmt.Sprintf("moving from %s to %s", s.route, want)
			}
			*seq++
			if err := s.publish(*seq); err != nil {
				if s.abandoned() {
					return s.deadWhy // the watchdog's close failed the publish
				}
				return s.node + ": publish: " + canaryScrub(err.Error(), s.c.target.Password)
			}
		}
	}
}

func canarySleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// canaryRunID tells this canary's messages from any left in a queue of the
// same name by an earlier process.
func canaryRunID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
