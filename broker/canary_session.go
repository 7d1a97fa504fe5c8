package broker

import (
	"fmt"
	"sync"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// Header names carried by every canary message.
const (
	canaryHeaderRun  = "warren-canary-run"
	canaryHeaderSeq  = "warren-seq"
	canaryHeaderSent = "warren-sent-unix-ns"
)

// canarySession is one connection of the canary to one node: a confirming
// publisher channel and a consumer channel on the same connection, so the
// measured latency is the broker's, not a cross-node hop's.
type canarySession struct {
	c          *Canary
	node       string
	conn       *amqp.Connection
	pub, sub   *amqp.Channel
	confirms   chan amqp.Confirmation
	deliveries <-chan amqp.Delivery
	connClosed chan *amqp.Error

	mu   sync.Mutex
	tags map[uint64]uint64 // publisher delivery tag → canary sequence number
}

func (c *Canary) openSession(e Endpoint) (*canarySession, error) {
	conn, err := canaryDial(c.target, e, c.opts, "warren canary")
	if err != nil {
		return nil, err
	}
	s := &canarySession{c: c, node: canaryNodeName(e), conn: conn, tags: map[uint64]uint64{}}
	if err := s.setup(); err != nil {
		_ = conn.Close()
		return nil, fmt.Errorf("canary setup on %s: %s", s.node, canaryScrub(err.Error(), c.target.Password))
	}
	return s, nil
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
	if _, err = s.pub.QueueDeclare(s.c.opts.Queue, true, false, false, false, s.queueArgs()); err != nil {
		return err
	}
	if s.sub, err = s.conn.Channel(); err != nil {
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
// canary has used it for QueueExpires.
func (s *canarySession) queueArgs() amqp.Table {
	return amqp.Table{
		"x-queue-type": "quorum",
		"x-expires":    s.c.opts.QueueExpires.Milliseconds(),
	}
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
	// Booked before sending: the delivery may be consumed before Publish
	// returns. A failed publish ends the session, which settles it as
	// unconfirmed — it may have reached the broker.
	s.c.ledger.published(seq, now)
	s.mu.Lock() // held until the tag is mapped, so no confirm misses it
	defer s.mu.Unlock()
	dc, err := s.pub.PublishWithDeferredConfirm("", s.c.opts.Queue, false, false, msg)
	if err != nil {
		return err
	}
	s.tags[dc.DeliveryTag] = seq
	return nil
}

// confirmLoop books confirms until the publisher channel closes.
func (s *canarySession) confirmLoop() {
	for cf := range s.confirms {
		at := s.c.opts.Clock()
		s.mu.Lock()
		seq, ok := s.tags[cf.DeliveryTag]
		delete(s.tags, cf.DeliveryTag)
		s.mu.Unlock()
		if ok {
			s.c.ledger.confirmed(seq, cf.Ack, at)
		}
	}
}

// consumeLoop books deliveries until the consumer channel closes. Messages
// of another run (a previous warren with the same pid) are acked unseen.
func (s *canarySession) consumeLoop() {
	for d := range s.deliveries {
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
		select {
		case <-done:
		case <-time.After(s.c.opts.DialTimeout):
		}
	}
	_ = s.conn.CloseDeadline(time.Now().Add(s.c.opts.DialTimeout))
}
