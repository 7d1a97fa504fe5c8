package broker

import (
	"fmt"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// Header names carried by every canary message.
const (
	canaryHeaderRun  = "warren-canary-run"
	canaryHeaderSeq  = "warren-seq"
	canaryHeaderSent = "warren-sent-unix-ns"
)

// canarySession is one connection of the canary to one node: a confirming
// publisher channel and a consumer channel on the same connection, so the
// measured latency is the broker's, not a cross-node hop's. In the middle
// of a blue-green move it is two: publishing on a blue node, consuming on
// a green one (subConn), and the latency is the move's.
type canarySession struct {
	c             *Canary
	node          string
	conn          *amqp.Connection
	pub, sub      *amqp.Channel
	confirms      chan amqp.Confirmation
	deliveries    <-chan amqp.Delivery
	connClosed    chan *amqp.Error
	started       time.Time
	version       model.Version // the node's RabbitMQ, as it announced it
	route         model.CanaryRoute
	subNode       string
	subConn       *amqp.Connection // nil: the consumer shares conn
	subConnClosed chan *amqp.Error // nil (never ready) without subConn

	mu   sync.Mutex
	tags map[uint64]canaryTag // publisher delivery tag → what it carries

	// dead is closed when the session is given up; every loop of the
	// session selects on it, so none waits on a connection that may never
	// answer again.
	dead     chan struct{}
	deadOnce sync.Once
	deadWhy  string // set before dead is closed
}

// canaryTag is one publish awaiting its confirm.
type canaryTag struct {
	seq  uint64
	sent time.Time
}

func (c *Canary) openSession(pub, sub canaryEnd, route model.CanaryRoute) (*canarySession, error) {
	conn, err := canaryDial(pub.target, pub.e, c.opts, "warren canary")
	if err != nil {
		return nil, err
	}
	s := &canarySession{
		c: c, node: canaryNodeName(pub.e), subNode: canaryNodeName(sub.e), conn: conn, started: c.opts.Clock(), route: route,
		version: serverVersion(conn), tags: map[uint64]canaryTag{}, dead: make(chan struct{}),
	}
	if s.subNode != s.node {
		if s.subConn, err = canaryDial(sub.target, sub.e, c.opts, "warren canary"); err != nil {
			c.closeInBackground(conn)
			return nil, err
		}
	}
	if err := s.setupWithin(c.opts.DialTimeout); err != nil {
		c.closeInBackground(conn)
		if s.subConn != nil {
			c.closeInBackground(s.subConn)
		}
		return nil, fmt.Errorf("canary setup on %s: %s", s.node, canaryScrub(canaryScrub(err.Error(), pub.target.Password), sub.target.Password))
	}
	return s, nil
}

// consumerConn is the connection the consumer uses.
func (s *canarySession) consumerConn() *amqp.Connection {
	if s.subConn != nil {
		return s.subConn
	}
	return s.conn
}

// setupWithin bounds setup: a node that froze after the handshake, or a
// quorum queue without a quorum, would otherwise hold the canary forever.
// On timeout the caller closes the connection, which ends setup's calls.
func (s *canarySession) setupWithin(timeout time.Duration) error {
	done := make(chan error, 1)
	go func() { done <- s.setup() }()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case err := <-done:
		return err
	case <-t.C:
		return fmt.Errorf("no answer within %v", timeout)
	}
}

func (s *canarySession) setup() error {
	s.connClosed = s.conn.NotifyClose(make(chan *amqp.Error, 1))
	var err error
	if s.pub, err = s.conn.Channel(); err != nil {
		return err
	}
	if err = s.pub.Confirm(false); err != nil {
		return err
	}
	// Buffered well past any plausible backlog: amqp091 blocks its reader
	// while a listener's channel is full.
	s.confirms = s.pub.NotifyPublish(make(chan amqp.Confirmation, 1024))
	if err = s.ensureQueue(s.conn); err != nil {
		return err
	}
	if s.subConn != nil {
		s.subConnClosed = s.subConn.NotifyClose(make(chan *amqp.Error, 1))
		if err = s.ensureQueue(s.subConn); err != nil {
			return err
		}
	}
	if s.sub, err = s.consumerConn().Channel(); err != nil {
		return err
	}
	if err = s.sub.Qos(100, 0, false); err != nil {
		return err
	}
	s.deliveries, err = s.sub.Consume(s.c.opts.Queue, "warren-canary", false, false, false, false, nil)
	return err
}

// queueArgs make the canary queue a quorum queue — the type whose latency
// matters during an upgrade — that the broker deletes by itself once no
// canary has used it for QueueExpires, on versions whose quorum queues take
// x-expires (the node says its version when the connection opens).
//
// Older ones (3.8.9 refuses the argument) still get a quorum queue, without
// x-expires, and the canary sweeps what a killed warren left (sweepStale).
// A classic queue with x-expires would clean itself up, but it lives on one
// node only: while that node restarts in a rolling upgrade the canary could
// neither reach its queue nor redeclare it elsewhere, and messages waiting
// there would count as lost. Measuring the cluster through the upgrade is
// the canary's job; a leftover queue until the next run is the lesser cost.
func (s *canarySession) queueArgs(version model.Version) amqp.Table {
	args := amqp.Table{"x-queue-type": "quorum"}
	if model.Has(version, model.QuorumQueueExpires) {
		args["x-expires"] = s.c.opts.QueueExpires.Milliseconds()
	}
	return args
}

// serverVersion is the RabbitMQ version a node announces when a connection
// opens (zero when it does not say: newest rules).
func serverVersion(conn *amqp.Connection) model.Version {
	raw, _ := conn.Properties["version"].(string)
	v, _ := model.ParseVersion(raw)
	return v
}

func (s *canarySession) publish(seq uint64) error {
	now := s.c.opts.Clock()
	msg := amqp.Publishing{
		Headers: amqp.Table{
			canaryHeaderRun:  s.c.runID,
			canaryHeaderSeq:  int64(seq),
			canaryHeaderSent: now.UnixNano(),
		},
		ContentType:  "text/plain",
		DeliveryMode: amqp.Persistent,
		Body:         []byte("warren canary"),
	}
	// Booked before sending: the delivery may be consumed, and the confirm
	// arrive, before Publish returns. Only this goroutine publishes, so the
	// next delivery tag is known in advance and the lock is never held
	// across network I/O (the watchdog must read the tags while a publish
	// to a frozen node hangs). A failed publish ends the session, which
	// settles it as unconfirmed — it may have reached the broker.
	s.c.ledger.published(seq, now)
	s.mu.Lock()
	s.tags[s.pub.GetNextPublishSeqNo()] = canaryTag{seq: seq, sent: now}
	s.mu.Unlock()
	_, err := s.pub.PublishWithDeferredConfirm("", s.c.opts.Queue, false, false, msg)
	return err
}

// confirmLoop books confirms until the publisher channel closes or the
// session is given up.
func (s *canarySession) confirmLoop() {
	for {
		select {
		case cf, ok := <-s.confirms:
			if !ok {
				return
			}
			at := s.c.opts.Clock()
			s.mu.Lock()
			t, ok := s.tags[cf.DeliveryTag]
			delete(s.tags, cf.DeliveryTag)
			s.mu.Unlock()
			if ok {
				s.c.ledger.confirmed(t.seq, cf.Ack, at)
			}
		case <-s.dead:
			return
		}
	}
}

// consumeLoop books deliveries until the consumer channel closes or the
// session is given up.
func (s *canarySession) consumeLoop() {
	for {
		select {
		case d, ok := <-s.deliveries:
			if !ok {
				return
			}
			s.book(d)
		case <-s.dead:
			return
		}
	}
}

// book counts one delivery. Messages of another run (a previous warren
// with the same pid) are acked unseen.
func (s *canarySession) book(d amqp.Delivery) {
	at := s.c.opts.Clock()
	if run, _ := d.Headers[canaryHeaderRun].(string); run == s.c.runID {
		seq, _ := d.Headers[canaryHeaderSeq].(int64)
		sent, _ := d.Headers[canaryHeaderSent].(int64)
		if seq > 0 {
			s.c.ledger.delivered(uint64(seq), time.Unix(0, sent), d.Redelivered, at)
		}
	}
	_ = d.Ack(false)
}

// close ends the session; with deleteQueue it first removes the canary
// queue, bounded in time so a sick node cannot hold warren's exit.
func (s *canarySession) close(deleteQueue bool) {
	if deleteQueue {
		done := make(chan struct{})
		go func() {
			defer close(done)
			_, _ = s.pub.QueueDelete(s.c.opts.Queue, false, false, false)
		}()
		t := time.NewTimer(s.c.opts.DialTimeout)
		defer t.Stop()
		select {
		case <-done:
		case <-t.C:
		}
	}
	s.abandon("closed")
}

// abandon gives the session up for reason (the first reason wins): its
// loops stop at once and the connection is closed in the background.
func (s *canarySession) abandon(reason string) {
	s.deadOnce.Do(func() {
		s.deadWhy = reason
		close(s.dead)
		s.c.closeInBackground(s.conn)
		if s.subConn != nil {
			s.c.closeInBackground(s.subConn)
		}
	})
}
