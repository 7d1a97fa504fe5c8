package broker

import (
	"context"
	"sync"

	"github.com/warren-sre/warren/model"
)

// TakeSnapshot reads every concern once, in parallel: the one-shot view of
// `warren status`, `warren check` and the recorded test fixtures.
func (c *Cluster) TakeSnapshot(ctx context.Context, topN int) model.Snapshot {
	var s model.Snapshot
	var wg sync.WaitGroup
	run := func(f func()) {
		wg.Add(1)
		go func() { defer wg.Done(); f() }()
	}
	run(func() { s.Nodes = c.Nodes(ctx) })
	run(func() { s.Overview = c.Overview(ctx) })
	run(func() { s.Queues = c.TopQueues(ctx, topN) })
	run(func() { s.Connections = c.Connections(ctx) })
	run(func() { s.Flags = c.FeatureFlags(ctx) })
	wg.Wait()
	// Health after Nodes: node names are known by then.
	s.Health = c.Health(ctx)
	return s
}
