//go:build integration

package steps_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/warren-sre/warren/lab/labtest"
	"github.com/warren-sre/warren/steps"
)

// Before 4.0, stopping the leader of a classic mirrored queue whose mirrors
// are not synchronised loses the messages only it holds. safe-to-stop asked
// only about quorum and passed; it now asks the node about mirror sync. On
// the 3.10.8 lab: messages published before an ha-mode policy with manual
// sync leave node 1's mirrors unsynchronised.
func TestLabSafeToStopWaitsForMirrorSync(t *testing.T) {
	cfg := labtest.Require(t)
	if cfg.Nodes < 3 {
		t.Skip("needs a 3-node lab")
	}
	const queue, policy = "warren-test-ha-unsynced", "warren-test-ha"
	labtest.API(t, cfg, http.MethodPut, "queues/%2F/"+queue, `{"durable":true}`) // declared through node 1: it leads
	t.Cleanup(func() {
		labtest.API(t, cfg, http.MethodDelete, "policies/%2F/"+policy, "")
		labtest.API(t, cfg, http.MethodDelete, "queues/%2F/"+queue, "")
	})
	for range 3 {
		labtest.API(t, cfg, http.MethodPost, "exchanges/%2F/amq.default/publish",
			`{"properties":{"delivery_mode":2},"routing_key":"`+queue+`","payload":"m","payload_encoding":"string"}`)
	}
	labtest.API(t, cfg, http.MethodPut, "policies/%2F/"+policy,
		`{"pattern":"^`+queue+`$","definition":{"ha-mode":"all","ha-sync-mode":"manual"},"apply-to":"queues"}`)

	c := labCluster(t, cfg)
	leader, other := cfg.Node(1).Name, cfg.Node(2).Name
	list := steps.RollingSteps(steps.RollingConfig{Nodes: []steps.NodePlan{{Name: leader}, {Name: other}}})
	check := func(node string) steps.Result {
		for _, s := range list {
			if s.ID == steps.RollingID(node, steps.PartSafeToStop) {
				return s.Check(context.Background(), steps.Env{Cluster: c, Now: time.Now})
			}
		}
		t.Fatalf("no safe-to-stop step for %s", node)
		return steps.Result{}
	}
	// The policy applies asynchronously: wait (bounded) for the verdict.
	var r steps.Result
	for range 30 {
		if r = check(leader); r.Verdict == steps.Wait {
			break
		}
		time.Sleep(time.Second)
	}
	if r.Verdict != steps.Wait || !strings.Contains(strings.Join(r.Evidence, "\n"), queue) {
		t.Fatalf("safe to stop %s: %s %s %v, want a wait naming %s", leader, r.Verdict, r.Summary, r.Evidence, queue)
	}
	if r := check(other); r.Verdict != steps.Pass {
		t.Fatalf("safe to stop %s (a mirror, not the leader): %s %s %v", other, r.Verdict, r.Summary, r.Evidence)
	}
}
