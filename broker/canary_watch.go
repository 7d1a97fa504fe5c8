package broker

import (
	"context"
	"fmt"
	"time"
)

// watch gives the session up when its node stops answering: when the oldest
// publish still awaiting its confirm is older than ConfirmTimeout, or when
// the node's link probe failed. amqp091-go never closes a connection to a
// frozen (SIGSTOPped) node, so without this the canary would sit on it with
// every publish unconfirmed. It runs beside the publisher because a publish
// to a frozen node may itself block.
func (s *canarySession) watch(ctx context.Context) {
	t := time.NewTicker(canaryWatchInterval(s.c.opts.ConfirmTimeout))
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.dead:
			return
		case <-t.C:
			if reason, ok := s.unresponsive(s.c.opts.Clock()); ok {
				s.abandon(s.node + ": " + reason)
				return
			}
		}
	}
}

// abandoned says whether the session was given up (deadWhy is then set).
func (s *canarySession) abandoned() bool {
	select {
	case <-s.dead:
		return true
	default:
		return false
	}
}

// unresponsive says whether, and why, the session's node stopped answering.
func (s *canarySession) unresponsive(now time.Time) (string, bool) {
	if age, ok := s.oldestUnconfirmed(now); ok && age > s.c.opts.ConfirmTimeout {
		return fmt.Sprintf("no confirm within %v (node frozen?)", s.c.opts.ConfirmTimeout), true
	}
	if reason, down := s.c.linkDownSince(s.node, s.started); down {
		return "link down: " + reason, true
	}
	return "", false
}

// oldestUnconfirmed is the age of the oldest publish awaiting its confirm.
// At most rate × ConfirmTimeout tags are outstanding, so a scan is cheap.
func (s *canarySession) oldestUnconfirmed(now time.Time) (time.Duration, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var oldest time.Time
	for _, t := range s.tags {
		if oldest.IsZero() || t.sent.Before(oldest) {
			oldest = t.sent
		}
	}
	if oldest.IsZero() {
		return 0, false
	}
	return now.Sub(oldest), true
}

// canaryWatchInterval checks four times per timeout, so a frozen node is
// left at most a quarter of the timeout late; but never busier than 20 Hz.
func canaryWatchInterval(timeout time.Duration) time.Duration {
	return max(timeout/4, 50*time.Millisecond)
}
