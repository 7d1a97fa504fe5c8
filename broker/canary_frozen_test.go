//go:build integration

package broker

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/model"
)

// The canary's own node is frozen (SIGSTOP): the canary gives the session
// up once a confirm is overdue, moves to another node and publishes and
// confirms there again, recording the gap; nothing confirmed is lost.
func TestCanaryLeavesFrozenNode(t *testing.T) {
	cfg, target := canaryLab(t)
	// The queue's leader is put on node 2 while the canary starts on node 1
	// when it can: a quorum queue whose leader is frozen takes no consumer
	// until a new leader is elected (~6 s in the lab), and holds the frozen
	// consumer's messages until Erlang gives the node up (~60 s). Either
	// case must pass; the first one is the canary's own.
	queue := canaryQueueLedFrom(t, target, 1)
	// Without links, only the confirm watchdog can notice the freeze.
	r := canaryStart(t, target, CanaryOptions{NoLinks: true, Queue: queue})
	canaryWaitFor(t, "10 deliveries", 30*time.Second, func() bool { return r.Stats().Delivered >= 10 })
	from := r.Stats().Node
	i := canaryNodeIndex(t, cfg, from)
	t.Cleanup(func() { canaryThaw(t, target, cfg.ThawNode, i) })

	confirmedBefore := r.Stats().Confirmed
	start := time.Now()
	if err := cfg.FreezeNode(i); err != nil {
		t.Fatal(err)
	}
	// Bounded well above what it takes (4–5 s when the canary's node is
	// not the queue's leader, ~10 s when it is: 3 s to give the session up,
	// then a new leader's election): the figure is logged, not asserted.
	waitForStats(t, r, "publishing and confirming on another node after freezing "+from, 45*time.Second, func(s model.CanaryStats) bool {
		return s.Connected && s.Node != from && s.Confirmed >= confirmedBefore+5
	})
	t.Logf("confirming on %s %v after freezing %s", r.Stats().Node, time.Since(start).Round(time.Millisecond), from)
	// Messages checked out to the frozen consumer come back only once the
	// cluster gives its node up (net_ticktime: 45–75 s after the freeze);
	// counted lost after the canary's 30 s horizon meanwhile, they are taken
	// back when they arrive. Nothing in flight alone is no end: it holds as
	// soon as the horizon has moved them all to lost.
	waitForStats(t, r, "every confirmed message delivered", 120*time.Second, func(s model.CanaryStats) bool { return s.InFlight == 0 && s.Lost == 0 })
	t.Logf("every confirmed message delivered %v after the freeze", time.Since(start).Round(time.Millisecond))

	s := r.Stats()
	js, _ := json.MarshalIndent(s, "", "  ")
	t.Logf("canary after the freeze: %s", js)
	if s.Lost != 0 {
		t.Errorf("lost %d confirmed messages; want none", s.Lost)
	}
	if s.Unconfirmed == 0 {
		t.Error("no publish counted as unconfirmed, though the frozen node held some in doubt")
	}
	if len(s.Gaps) == 0 {
		t.Fatal("no gap recorded for the freeze")
	}
	g := s.Gaps[0]
	if g.From != from || g.To == "" || g.To == from || !strings.Contains(g.Reason, "no confirm within 3s (node frozen?)") {
		t.Errorf("gap %+v: want from %s to another node because no confirm came", g, from)
	}
	t.Logf("gap: %v from %s to %s (%s)", g.Duration, g.From, g.To, g.Reason)
}

// waitForStats waits (bounded) until the canary's figures satisfy cond,
// and shows them all when they never do.
func waitForStats(t *testing.T, r *canaryRunning, what string, timeout time.Duration, cond func(model.CanaryStats) bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); !cond(r.Stats()); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			js, _ := json.MarshalIndent(r.Stats(), "", "  ")
			t.Fatalf("timed out after %v waiting for %s; canary: %s", timeout, what, js)
		}
	}
}

// canaryQueueLedFrom declares a canary queue from target node i (0-based),
// which makes that node the quorum queue's leader.
func canaryQueueLedFrom(t *testing.T, target Target, i int) string {
	opts := CanaryOptions{Queue: fmt.Sprintf("warren.canary.test-frozen.%d", os.Getpid())}.withDefaults()
	conn, err := canaryDial(target, target.Nodes[i], opts, "warren canary test")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s := &canarySession{c: &Canary{opts: opts}}
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ch.QueueDeclare(opts.Queue, true, false, false, false, s.queueArgs(serverVersion(conn))); err != nil {
		t.Fatal(err)
	}
	return opts.Queue
}

// canaryThaw resumes frozen lab node i and waits until it answers AMQP again.
func canaryThaw(t *testing.T, target Target, thaw func(int) error, i int) {
	if err := thaw(i); err != nil {
		t.Errorf("thawing node %d: %v", i, err)
		return
	}
	opts := CanaryOptions{}.withDefaults()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	for ctx.Err() == nil {
		conn, err := canaryDial(target, target.Nodes[i-1], opts, "warren canary test")
		if err == nil {
			err = canaryProbe(conn, opts.DialTimeout)
			_ = conn.CloseDeadline(time.Now().Add(opts.DialTimeout))
			if err == nil {
				return
			}
		}
		canarySleep(ctx, 500*time.Millisecond)
	}
	t.Errorf("node %d not answering within 2m of the thaw", i)
}
