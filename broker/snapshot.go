package broker

import (
	"context"
	"sync"

	"github.com/warren-sre/warren/model"
)

// TakeSnapshot reads every concern once, in parallel: the one-shot view of
// `warren status`, `warren check` and the recorded test fixtures. The
// health checks follow the node read (they need the node names) without
// waiting for the slower ranking of queues, so a frozen node costs the
// longest of the two, not their sum. ctx's deadline bounds it all.
func (c *Cluster) TakeSnapshot(ctx context.Context, topN int) model.Snapshot {
	var s model.Snapshot
	var wg sync.WaitGroup
	wg.Go(func() {
		s.Nodes = c.Nodes(ctx)
		s.Health = c.Health(ctx)
	})
	wg.Go(func() { s.Overview = c.Overview(ctx) })
	wg.Go(func() { s.Queues = c.TopQueues(ctx, topN) })
	wg.Go(func() { s.Connections = c.Connections(ctx) })
	wg.Go(func() { s.Flags = c.FeatureFlags(ctx) })
	wg.Wait()
	return s
}
