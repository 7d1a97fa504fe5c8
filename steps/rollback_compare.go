package steps

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"

	"github.com/warren-sre/warren/model"
)

// RollbackCompare is the rollback's last gate: the cluster against the
// preparation inventory.
const RollbackCompare = "rollback/compare-inventory"

func rollbackCompareStep(cfg RollbackConfig) Step {
	return Step{ID: RollbackCompare, Phase: Rollback, Gate: true,
		Title: "Compare the cluster with the preparation inventory",
		Why: "A rollback is done when the cluster holds what it held before: the same vhosts, users, permissions, policies, queues, " +
			"exchanges and bindings, and every queue its messages. Any difference is listed; fix it or acknowledge it with why.",
		Check: func(ctx context.Context, env Env) Result {
			return stampResult(env, compareWithInventory(ctx, cfg.RunDir, env))
		}}
}

func compareWithInventory(ctx context.Context, runDir string, env Env) Result {
	var inv Inventory
	if err := readJSONFile(filepath.Join(runDir, InventoryFile), &inv); err != nil {
		return Result{Verdict: Fail, Summary: "no preparation inventory to compare with: " + err.Error()}
	}
	if env.Cluster == nil {
		return Result{Verdict: Fail, Summary: errNoCluster.Error()}
	}
	counts, err := env.Cluster.LiveDefinitionCounts(ctx)
	if err != nil {
		return Result{Verdict: Fail, Summary: "object counts not read: " + err.Error()}
	}
	live, err := inventoryQueues(ctx, env.Cluster)
	if err != nil {
		return Result{Verdict: Fail, Summary: "queue depths not read: " + err.Error()}
	}
	if r, differs := listingsDiffer(inv, counts, live); differs {
		return r
	}
	return settledVerdict(ctx, env, inv, fmt.Sprintf("%s; %d queues with the same messages", counts, len(live)))
}

// listingsDiffer compares what the API lists with the inventory: objects,
// queues that stopped serving, depths.
func listingsDiffer(inv Inventory, counts model.DefinitionCounts, live []InventoryQueue) (Result, bool) {
	objects, depths := append(model.CompareCounts(inv.Objects, counts), queueDiffs(inv.Queues, live)...), depthDiffs(inv.Queues, live)
	if len(objects) > 0 {
		return Result{Verdict: Fail, Summary: fmt.Sprintf("%d difference(s) from the preparation inventory", len(objects)+len(depths)),
			Evidence: append(objects, depths...),
			Remedy:   "restore what is missing from the definitions backup or the node archives, or acknowledge with why the difference is expected"}, true
	}
	if stopped, nodes := stoppedQueues(inv.Queues, live); len(stopped) > 0 {
		return Result{Verdict: Fail, Summary: fmt.Sprintf("%d queue(s) that served before do not now", len(stopped)),
			Evidence: stopped, Remedy: restartRemedy(nodes)}, true
	}
	if len(depths) > 0 {
		// A restarted node reports its queues' depths only from its next
		// statistics emission: 0 until then. Wait; the run's wait timeout
		// turns a lasting difference into a block with this list.
		return Result{Verdict: Wait, Summary: fmt.Sprintf("%d queue(s) do not hold the messages they held yet", len(depths)), Evidence: depths}, true
	}
	return Result{}, false
}

// settledVerdict is the verdict once the listings agree: the queues the
// inventory asked are asked again (only now: while a listing differs the
// verdict waits without a connection), and every node must have settled.
func settledVerdict(ctx context.Context, env Env, inv Inventory, holds string) Result {
	short, asked, err := readyShortfalls(ctx, env.Cluster, inv.Queues)
	switch {
	case err != nil:
		return Result{Verdict: Wait, Summary: "the queues the inventory asked for their messages could not be asked again: " + err.Error(),
			Remedy: "warren asks each queue over AMQP (a passive declare); check that the nodes take AMQP connections, or acknowledge with why"}
	case len(short) > 0:
		return Result{Verdict: Wait, Summary: fmt.Sprintf("%d queue(s) hold fewer ready messages than before", len(short)), Evidence: short}
	}
	switch young, read := settling(env.Snapshot.Nodes, SettleWindow); {
	case !read:
		return Result{Verdict: Wait, Summary: "the cluster matches; the node list, which says how long each node has run, was not read: " +
			cmp.Or(env.Snapshot.Nodes.Err, "no snapshot yet")}
	case len(young) > 0:
		return Result{Verdict: Wait, Summary: fmt.Sprintf("the cluster matches; it passes once every node has run %s (a node's queues settle after its boot)", SettleWindow),
			Evidence: young}
	}
	source := fmt.Sprintf("depths from the statistics listing; ready messages asked again of the %d queue(s) the inventory asked", asked)
	if asked == 0 {
		source = "depths from the statistics listing only: the inventory asked no queue for its messages (see its evidence)"
	}
	return Result{Verdict: Pass, Summary: "the cluster holds what it held before: " + holds, Evidence: []string{source}}
}

// depthDiffs lists the queues present on both sides whose message counts
// differ ("before" is the inventory).
func depthDiffs(before, after []InventoryQueue) []string {
	now := byKey(after)
	var out []string
	for _, b := range before {
		if a, ok := now[b.Key()]; ok && a.Messages != b.Messages {
			out = append(out, fmt.Sprintf("queue %s holds %d messages, held %d", b.Key(), a.Messages, b.Messages))
		}
	}
	return out
}

// queueDiffs lists queues gone, queues new, and queues whose type changed,
// by vhost/name ("before" is the inventory).
func queueDiffs(before, after []InventoryQueue) []string {
	now := byKey(after)
	var out []string
	for _, b := range before {
		a, ok := now[b.Key()]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("queue %s is gone (held %d messages)", b.Key(), b.Messages))
		case a.Type != b.Type:
			out = append(out, fmt.Sprintf("queue %s is a %s queue, was %s", b.Key(), a.Type, b.Type))
		}
		delete(now, b.Key())
	}
	for _, a := range after {
		if _, extra := now[a.Key()]; extra {
			out = append(out, fmt.Sprintf("queue %s is new (%d messages)", a.Key(), a.Messages))
		}
	}
	return out
}

// byKey indexes queues by vhost/name.
func byKey(qs []InventoryQueue) map[string]InventoryQueue {
	out := make(map[string]InventoryQueue, len(qs))
	for _, q := range qs {
		out[q.Key()] = q
	}
	return out
}
