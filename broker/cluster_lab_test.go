//go:build integration

package broker

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/model"
)

func labCluster(t *testing.T) (lab.Config, *Cluster) {
	t.Helper()
	cfg, target := canaryLab(t)
	c, err := Connect(target)
	if err != nil {
		t.Fatal(err)
	}
	return cfg, c
}

// waitNodes polls Nodes until cond holds or the deadline passes.
func waitNodes(t *testing.T, c *Cluster, within time.Duration, cond func([]model.Node) bool) []model.Node {
	t.Helper()
	deadline := time.Now().Add(within)
	var last model.NodesSample
	for time.Now().Before(deadline) {
		last = c.Nodes(context.Background())
		if cond(last.Value) {
			return last.Value
		}
		time.Sleep(250 * time.Millisecond)
	}
	t.Fatalf("condition not met within %s; last sample: %+v", within, last)
	return nil
}

func stateOf(nodes []model.Node, name string) model.NodeState {
	for _, n := range nodes {
		if n.Name == name {
			return n.State
		}
	}
	return model.NodeUnknown
}

func TestLabNodeStoppedUnderneathIsReportedDown(t *testing.T) {
	cfg, c := labCluster(t)
	n1, n2, n3 := cfg.Node(1).Name, cfg.Node(2).Name, cfg.Node(3).Name
	waitNodes(t, c, 30*time.Second, func(ns []model.Node) bool {
		return stateOf(ns, n1) == model.NodeRunning && stateOf(ns, n2) == model.NodeRunning && stateOf(ns, n3) == model.NodeRunning
	})
	canaryRestoreNode(t, cfg, 2)
	if err := cfg.StopNode(context.Background(), 2, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	nodes := waitNodes(t, c, 20*time.Second, func(ns []model.Node) bool {
		s := stateOf(ns, n2)
		return s == model.NodeDown || s == model.NodeUnreachable
	})
	for _, name := range []string{n1, n3} {
		if got := stateOf(nodes, name); got != model.NodeRunning {
			t.Errorf("%s: %s, want running while node 2 is down", name, got)
		}
	}
	// The other pollers keep answering through the remaining nodes.
	if ov := c.Overview(context.Background()); !ov.OK() {
		t.Errorf("overview failed with node 2 down: %s", ov.Err)
	}
}

func TestLabQuorumCriticalReportedOnTheRightNode(t *testing.T) {
	cfg, c := labCluster(t)
	queue := "warren-test-qq-critical"
	declareQuorumQueue(t, cfg.Node(1), queue)
	waitOnline(t, c, queue, 3)

	canaryRestoreNode(t, cfg, 3)
	if err := cfg.StopNode(context.Background(), 3, func(s string) { t.Log(s) }); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	var hc model.HealthCheck
	for time.Now().Before(deadline) {
		hc = c.NodeHealth(ctx, cfg.Node(1).Name, "node-is-quorum-critical")
		if !hc.OK && hc.Error == "" {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	if hc.OK || hc.Error != "" {
		t.Fatalf("node 1 with node 3 down: %+v, want a failed quorum-critical check", hc)
	}
	if !slices.Contains(hc.Queues, queue+" (vhost /)") {
		t.Fatalf("critical queues %v do not name %s", hc.Queues, queue)
	}
	// The stopped node cannot answer: that is an error (gates fail closed),
	// never a pass.
	if down := c.NodeHealth(ctx, cfg.Node(3).Name, "node-is-quorum-critical"); down.OK || down.Error == "" {
		t.Fatalf("node 3 is down but its check says %+v", down)
	}
}

func TestLabFrozenNodeDoesNotStallTheOthers(t *testing.T) {
	cfg, c := labCluster(t)
	n3 := cfg.Node(3).Name
	waitNodes(t, c, 30*time.Second, func(ns []model.Node) bool { return stateOf(ns, n3) == model.NodeRunning })
	if err := cfg.FreezeNode(3); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cfg.ThawNode(3)
		waitNodes(t, c, 90*time.Second, func(ns []model.Node) bool { return stateOf(ns, n3) == model.NodeRunning })
	})
	for round := 0; round < 3; round++ {
		start := time.Now()
		s := c.Nodes(context.Background())
		took := time.Since(start)
		// Probes and the cluster-wide query run side by side, each bounded
		// by the request timeout; a fallback to another node adds at most one more.
		if limit := 2*DefaultTimeout + time.Second; took > limit {
			t.Fatalf("round %d: Nodes took %s with node 3 frozen (limit %s)", round, took, limit)
		}
		if got := stateOf(s.Value, n3); got != model.NodeUnreachable {
			t.Fatalf("round %d: frozen node 3 is %s, want unreachable", round, got)
		}
		for _, i := range []int{1, 2} {
			if got := stateOf(s.Value, cfg.Node(i).Name); got != model.NodeRunning {
				t.Fatalf("round %d: node %d is %s while node 3 is frozen, want running", round, i, got)
			}
		}
		t.Logf("round %d: nodes answered in %s", round, took)
	}
}

func declareQuorumQueue(t *testing.T, n lab.Node, name string) {
	t.Helper()
	body := []byte(`{"durable":true,"arguments":{"x-queue-type":"quorum"}}`)
	u := n.MgmtURL() + "/api/queues/%2F/" + url.PathEscape(name)
	req, _ := http.NewRequest(http.MethodPut, u, bytes.NewReader(body))
	req.SetBasicAuth("guest", "guest")
	req.Header.Set("content-type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		t.Fatalf("declare %s: HTTP %d", name, resp.StatusCode)
	}
	t.Cleanup(func() {
		req, _ := http.NewRequest(http.MethodDelete, u, nil)
		req.SetBasicAuth("guest", "guest")
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	})
}

func waitOnline(t *testing.T, c *Cluster, queue string, members int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		s := c.FollowQueues(context.Background(), []model.Queue{{Name: queue, VHost: "/"}})
		if len(s.Value) == 1 && len(s.Value[0].Online) == members {
			return
		}
		time.Sleep(500 * time.Millisecond)
	}
	t.Fatalf("queue %s never had %d members online", queue, members)
}
