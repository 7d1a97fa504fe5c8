package broker

import (
	"os"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// CanaryOptions tunes the canary; zero fields take the defaults below.
type CanaryOptions struct {
	Rate           float64       // messages per second (5)
	Window         time.Duration // sliding window of percentiles and rates (60 s)
	WindowSlots    int           // the window slides one slot at a time (12)
	LossHorizon    time.Duration // a confirmed message undelivered this long after its confirm is lost (30 s)
	QueueExpires   time.Duration // x-expires of the canary queue, so a dead warren leaves nothing (60 s); see queueArgs
	SampleInterval time.Duration // how often Run sends a CanarySample (1 s)
	DialTimeout    time.Duration // TCP + handshake (2 s)
	Heartbeat      time.Duration // AMQP heartbeat, to notice a frozen node (5 s)
	// ConfirmTimeout gives up a session whose oldest unconfirmed publish is
	// older than this (3 s): a frozen node keeps its TCP connection and
	// amqp091-go's heartbeat deadline does not fire, so missing confirms are
	// the canary's own sign to move on.
	ConfirmTimeout time.Duration
	BackoffFirst   time.Duration // first retry delay after a failed dial (250 ms)
	BackoffMax     time.Duration // retry delay cap (5 s)
	Queue          string        // default warren.canary.<hostname>.<pid>
	Version        string        // warren's version, sent as a client property
	// NoLinks turns off the per-node link watch (one light connection per
	// node that reports a node going down within a second).
	NoLinks bool
	// Clock is for tests; nil means time.Now.
	Clock func() time.Time
	// Move carries the canary across a blue-green migration (nil outside
	// one): it follows Move.Route between blue (the target) and green.
	Move *CanaryMove
}

func (o CanaryOptions) withDefaults() CanaryOptions {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	if o.Rate <= 0 {
		o.Rate = 5
	}
	if o.WindowSlots <= 0 {
		o.WindowSlots = 12
	}
	def(&o.Window, 60*time.Second)
	def(&o.LossHorizon, 30*time.Second)
	def(&o.QueueExpires, 60*time.Second)
	def(&o.SampleInterval, time.Second)
	def(&o.DialTimeout, 2*time.Second)
	def(&o.Heartbeat, 5*time.Second)
	def(&o.ConfirmTimeout, 3*time.Second)
	def(&o.BackoffFirst, 250*time.Millisecond)
	def(&o.BackoffMax, 5*time.Second)
	if o.Queue == "" {
		o.Queue = defaultCanaryQueue()
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

// Canary publishes a trickle of messages with publisher confirms to its own
// quorum queue and consumes them on the same connection, measuring confirm
// and end-to-end latency and counting lost, duplicated and reordered
// messages. When its node goes away it moves on to the next one.
type Canary struct {
	target Target
	opts   CanaryOptions
	ledger *canaryLedger
	runID  string

	mu        sync.Mutex
	node      string
	subNode   string
	route     model.CanaryRoute // the route of the session now
	want      model.CanaryRoute // the route asked for, refreshed by Run
	connected bool
	lastErr   string
	gaps      []model.Gap
	links     map[string]model.NodeLink

	// closers are connections being closed in the background: Close can
	// hang on a frozen peer, so nothing waits for it but Run's return,
	// which every close's deadline bounds.
	closers sync.WaitGroup
	// sweeper is the one sweep of stale canary queues per run, on versions
	// whose quorum queues take no x-expires; Run waits for it too.
	sweepOnce sync.Once
	sweeper   sync.WaitGroup
}

// canaryMaxGaps bounds the remembered gaps; the oldest are dropped.
const canaryMaxGaps = 100

// NewCanary prepares a canary against target; nothing is dialled until Run.
func NewCanary(target Target, opts CanaryOptions) *Canary {
	opts = opts.withDefaults()
	return &Canary{
		target: target,
		opts:   opts,
		ledger: newCanaryLedger(opts.Window, opts.WindowSlots, opts.LossHorizon, opts.Clock()),
		runID:  canaryRunID(),
		links:  map[string]model.NodeLink{},
	}
}

// Stats is the canary's measurements now. Safe to call at any time, also
// after Run returned (warren status runs a short sample, then reads it).
func (c *Canary) Stats() model.CanaryStats {
	now := c.opts.Clock()
	c.ledger.tick(now)
	s := c.ledger.snapshot(now)
	c.mu.Lock()
	defer c.mu.Unlock()
	s.Node, s.Connected, s.Queue, s.LastError = c.node, c.connected, c.opts.Queue, c.lastErr
	if c.opts.Move != nil {
		s.PublishOn, s.ConsumeOn = c.route.Labels()
		if c.subNode != c.node {
			s.ConsumeNode = c.subNode
		}
	}
	s.Gaps = append([]model.Gap(nil), c.gaps...)
	return s
}

// Links is the latest state of every node link, in target order.
func (c *Canary) Links() []model.NodeLink {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []model.NodeLink
	for _, e := range c.target.Nodes {
		if l, ok := c.links[canaryNodeName(e)]; ok {
			out = append(out, l)
		}
	}
	return out
}

// linkDownSince says why node's link went down, if it did after since: the
// link's probe is the canary session's probe too, so the measured
// connection carries nothing but the canary's own traffic.
func (c *Canary) linkDownSince(node string, since time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	l, ok := c.links[node]
	if ok && !l.Up && l.Since.After(since) {
		return l.Reason, true
	}
	return "", false
}

// closeInBackground closes conn without waiting for it; Run waits.
func (c *Canary) closeInBackground(conn *amqp.Connection) {
	deadline := time.Now().Add(c.opts.DialTimeout)
	c.closers.Go(func() { _ = conn.CloseDeadline(deadline) })
}

func (c *Canary) setConnected(s *canarySession) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.node, c.subNode, c.route, c.connected, c.lastErr = s.node, s.subNode, s.route, true, ""
}

func (c *Canary) setDisconnected(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.connected, c.lastErr = false, reason
}

func (c *Canary) addGap(g model.Gap) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gaps = append(c.gaps, g)
	if len(c.gaps) > canaryMaxGaps {
		c.gaps = c.gaps[len(c.gaps)-canaryMaxGaps:]
	}
}

func (c *Canary) sample() model.CanarySample {
	s := c.Stats()
	sample := model.CanarySample{At: c.opts.Clock(), Value: s}
	if !s.Connected {
		sample.Err = "canary not connected"
		if s.LastError != "" {
			sample.Err += ": " + s.LastError
		}
	}
	return sample
}

// defaultCanaryQueue names this process's canary queue: warren.canary.<host>.<pid>.
func defaultCanaryQueue() string {
	host, _ := os.Hostname()
	return model.CanaryQueueName(host, os.Getpid())
}
