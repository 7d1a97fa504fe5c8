package broker

import (
	"context"
	"github.com/warren-sre/warren/testnet"
	"testing"
	"time"
)

// A frozen node's health checks each wait out the timeout T. Run one after
// another they cost 4 × T per poll (and per `warren status`); run together,
// one T. Each must still come back failed, never passed.
func TestHealthOfAFrozenNodeCostsOneTimeout(t *testing.T) {
	const timeout = 400 * time.Millisecond
	c, err := Connect(Target{Nodes: []Endpoint{{Name: "rabbit@frozen", MgmtURL: testnet.SilentListener(t)}},
		Username: "guest", Password: "guest", Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	sample := c.Health(context.Background())
	took := time.Since(start)
	if len(sample.Value) != len(NodeChecks) {
		t.Fatalf("%d results, want one per check (%d)", len(sample.Value), len(NodeChecks))
	}
	for i, hc := range sample.Value {
		if hc.OK || hc.Error == "" || hc.Check != NodeChecks[i] || hc.Node != "rabbit@frozen" {
			t.Errorf("result %d: %+v; want %s failed with an error, in NodeChecks order", i, hc, NodeChecks[i])
		}
	}
	// Sequential checks take at least 4 × T; together they take T plus
	// scheduling. 3 × T leaves a loaded machine room and still tells them apart.
	if took >= 3*timeout {
		t.Errorf("health of one frozen node took %s with T = %s: the checks ran one after another", took, timeout)
	}
	t.Logf("health of one frozen node: %s (T = %s)", took.Round(time.Millisecond), timeout)
}
