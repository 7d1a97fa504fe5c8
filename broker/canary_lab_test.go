//go:build integration

package broker

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/model"
)

// canaryLab brings the lab named by the WARREN_LAB_* variables up and
// returns it with a target for it. Without a lab the test is skipped — but
// never in CI, where it fails.
func canaryLab(tb testing.TB) (lab.Config, Target) {
	tb.Helper()
	cfg, err := lab.FromEnv()
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := cfg.Up(ctx, func(s string) { tb.Logf("lab: %s", s) }); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("lab unreachable in CI: %v", err)
		}
		tb.Skipf("no lab: %v", err)
	}
	return cfg, labTargetOf(cfg)
}

// labTargetOf is a lab as a target: every node, guest on loopback.
func labTargetOf(cfg lab.Config) Target {
	target := Target{Name: "lab", Username: "guest", Password: "guest", Timeout: 2 * time.Second}
	for _, n := range cfg.AllNodes() {
		target.Nodes = append(target.Nodes, Endpoint{Name: n.Name, MgmtURL: n.MgmtURL(), AMQPURL: n.AMQPURL()})
	}
	return target
}

// canaryRestoreNode starts lab node i again when the test ends, so every
// test leaves the whole lab running.
func canaryRestoreNode(tb testing.TB, cfg lab.Config, i int) {
	tb.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		if err := cfg.StartNode(ctx, i, func(s string) { tb.Logf("lab: %s", s) }); err != nil {
			tb.Errorf("restoring node %d: %v", i, err)
		}
	})
}

// canaryRunning is a canary running in the background, its link changes
// split out of the sample stream.
type canaryRunning struct {
	*Canary
	links  chan model.NodeLink
	cancel context.CancelFunc
	done   chan struct{}
}

func canaryStart(tb testing.TB, target Target, opts CanaryOptions) *canaryRunning {
	ctx, cancel := context.WithCancel(context.Background())
	r := &canaryRunning{Canary: NewCanary(target, opts), links: make(chan model.NodeLink, 64), cancel: cancel, done: make(chan struct{})}
	out := make(chan any)
	go func() { r.Run(ctx, out); close(r.done) }()
	go func() {
		for {
			select {
			case v := <-out:
				if l, ok := v.(model.NodeLink); ok {
					r.links <- l
				}
			case <-r.done:
				return
			}
		}
	}()
	tb.Cleanup(r.stop)
	return r
}

func (r *canaryRunning) stop() {
	r.cancel()
	<-r.done
}

// canaryWaitFor polls cond until it holds or the timeout passes.
func canaryWaitFor(tb testing.TB, what string, timeout time.Duration, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out after %v waiting for %s", timeout, what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// canaryAllLinksUp waits until every node's link is up and drains the
// events that said so.
func (r *canaryRunning) allLinksUp(tb testing.TB, nodes int) {
	tb.Helper()
	canaryWaitFor(tb, "every node link up", 30*time.Second, func() bool {
		links := r.Links()
		for _, l := range links {
			if !l.Up {
				return false
			}
		}
		return len(links) == nodes
	})
	for len(r.links) > 0 {
		<-r.links
	}
}

// awaitLinkDown waits for node's link to be reported down and returns when
// that report arrived; other links going down fail the test.
func (r *canaryRunning) awaitLinkDown(tb testing.TB, node string, timeout time.Duration) (model.NodeLink, time.Time) {
	tb.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case l := <-r.links:
			if l.Node == node && !l.Up {
				return l, time.Now()
			}
			if !l.Up {
				tb.Errorf("link of %s went down too (%s), only %s was touched", l.Node, l.Reason, node)
			}
		case <-deadline:
			tb.Fatalf("%s not reported down within %v", node, timeout)
		}
	}
}

func canaryNodeIndex(tb testing.TB, cfg lab.Config, name string) int {
	for _, n := range cfg.AllNodes() {
		if n.Name == name {
			return n.Index
		}
	}
	tb.Fatalf("canary is on %q, not a lab node", name)
	return 0
}
