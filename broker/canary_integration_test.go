//go:build integration

package broker

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
)

// The canary's node is stopped gracefully and started again underneath it:
// the canary moves to the next node, records the gap, and every message the
// broker confirmed is delivered.
func TestCanarySurvivesRestartOfItsNode(t *testing.T) {
	cfg, target := canaryLab(t)
	r := canaryStart(t, target, CanaryOptions{NoLinks: true})
	canaryWaitFor(t, "10 deliveries", 30*time.Second, func() bool { return r.Stats().Delivered >= 10 })
	from := r.Stats().Node
	i := canaryNodeIndex(t, cfg, from)
	canaryRestoreNode(t, cfg, i)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	logf := func(s string) { t.Logf("lab: %s", s) }
	if err := cfg.StopNode(ctx, i, logf); err != nil {
		t.Fatal(err)
	}
	if err := cfg.StartNode(ctx, i, logf); err != nil {
		t.Fatal(err)
	}
	before := r.Stats().Delivered
	canaryWaitFor(t, "deliveries after the restart", 30*time.Second, func() bool {
		s := r.Stats()
		return s.Connected && s.Delivered >= before+10
	})
	// Whatever is still in flight must land before the loss horizon.
	canaryWaitFor(t, "nothing confirmed left in flight", 45*time.Second, func() bool { return r.Stats().InFlight == 0 })

	s := r.Stats()
	js, _ := json.MarshalIndent(s, "", "  ")
	t.Logf("canary after the restart: %s", js)
	if s.Lost != 0 || s.Duplicates != 0 {
		t.Errorf("lost %d, duplicated %d confirmed messages across the restart; want none", s.Lost, s.Duplicates)
	}
	if s.Confirmed == 0 || s.Delivered < s.Confirmed-s.Lost {
		t.Errorf("confirmed %d, delivered %d: not every confirmed message arrived", s.Confirmed, s.Delivered)
	}
	if len(s.Gaps) == 0 {
		t.Fatal("no gap recorded for the restart")
	}
	g := s.Gaps[0]
	if g.From != from || g.To == "" || g.To == from || g.Reason == "" || g.Duration <= 0 {
		t.Errorf("gap %+v: want from %s to another node, with a reason and a duration", g, from)
	}
	t.Logf("gap: %v from %s to %s (%s)", g.Duration, g.From, g.To, g.Reason)

	r.stop()
	canaryAssertQueueGone(t, target, s.Queue)
}

// canaryAssertQueueGone checks that a clean shutdown deleted the queue.
func canaryAssertQueueGone(t *testing.T, target Target, queue string) {
	t.Helper()
	opts := CanaryOptions{}.withDefaults()
	conn, err := canaryDial(target, target.Nodes[1], opts, "warren canary test")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		t.Fatal(err)
	}
	_, err = ch.QueueDeclarePassive(queue, true, false, false, false, nil)
	if e, ok := err.(*amqp.Error); !ok || e.Code != amqp.NotFound {
		t.Errorf("canary queue %s still there after a clean stop (passive declare: %v)", queue, err)
	}
}

// A killed node's link is reported down at once; the others stay up.
func TestCanaryReportsKilledNode(t *testing.T) {
	cfg, target := canaryLab(t)
	r := canaryStart(t, target, CanaryOptions{})
	r.allLinksUp(t, cfg.Nodes)
	victim := cfg.Node(cfg.Nodes)
	canaryRestoreNode(t, cfg, victim.Index)

	start := time.Now()
	if err := cfg.KillNode(victim.Index); err != nil {
		t.Fatal(err)
	}
	link, at := r.awaitLinkDown(t, victim.Name, 10*time.Second)
	t.Logf("kill -9 of %s reported after %v: %s", victim.Name, at.Sub(start), link.Reason)
	if link.Reason == "" {
		t.Error("link down without a reason")
	}
}

// A graceful stop is reported down long before the stop completes (and
// before the management API would say so).
func TestCanaryReportsGracefulStop(t *testing.T) {
	cfg, target := canaryLab(t)
	r := canaryStart(t, target, CanaryOptions{})
	r.allLinksUp(t, cfg.Nodes)
	victim := cfg.Node(2)
	canaryRestoreNode(t, cfg, victim.Index)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	stopped := make(chan time.Time, 1)
	go func() {
		if err := cfg.StopNode(ctx, victim.Index, func(string) {}); err != nil {
			t.Errorf("stop-node: %v", err)
		}
		stopped <- time.Now()
	}()
	link, at := r.awaitLinkDown(t, victim.Name, 30*time.Second)
	done := <-stopped
	t.Logf("graceful stop of %s reported after %v; the stop took %v: %s",
		victim.Name, at.Sub(start), done.Sub(start), link.Reason)
	if !at.Before(done) {
		t.Errorf("link down reported %v after the stop began, not before the stop finished (%v)", at.Sub(start), done.Sub(start))
	}
}

// A frozen node (SIGSTOP) accepts TCP but answers nothing: its link is
// reported down once heartbeats go missing; the other links stay up.
func TestCanaryReportsFrozenNode(t *testing.T) {
	cfg, target := canaryLab(t)
	r := canaryStart(t, target, CanaryOptions{})
	r.allLinksUp(t, cfg.Nodes)
	victim := cfg.Node(cfg.Nodes)
	t.Cleanup(func() {
		if err := cfg.ThawNode(victim.Index); err != nil {
			t.Errorf("thawing %s: %v", victim.Name, err)
		}
	})
	start := time.Now()
	if err := cfg.FreezeNode(victim.Index); err != nil {
		t.Fatal(err)
	}
	link, at := r.awaitLinkDown(t, victim.Name, time.Minute)
	t.Logf("freeze of %s reported after %v (heartbeat %v): %s", victim.Name, at.Sub(start), r.opts.Heartbeat, link.Reason)
}
