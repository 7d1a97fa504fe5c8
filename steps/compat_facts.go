package steps

import (
	"context"
	"errors"
	"sync"

	"github.com/warren-sre/warren/model"
)

// errNoCluster fails a check closed when no live cluster was given.
var errNoCluster = errors.New("no live cluster connection: nothing to check against")

// GatherFacts reads everything the pre-flight checks need beyond the
// snapshot, in parallel: policies, /api/deprecated-features/used, the
// stats-free queue list and the nodes' config files. A fact that cannot be
// read is recorded as such, so its check fails closed. `warren check` and
// the compatibility steps share it.
func GatherFacts(ctx context.Context, cluster PrepCluster, snap model.Snapshot, target model.Version, src ConfigSource) model.CheckFacts {
	f := model.CheckFacts{Target: target, Snapshot: snap}
	var wg sync.WaitGroup
	run := func(fn func()) {
		wg.Add(1)
		go func() { defer wg.Done(); fn() }()
	}
	run(func() { gatherPolicies(ctx, cluster, &f) })
	run(func() { gatherDeprecated(ctx, cluster, &f) })
	run(func() { gatherQueues(ctx, cluster, &f) })
	run(func() { gatherLinks(ctx, cluster, &f) })
	run(func() { f.ConfigFiles = ReadConfigFiles(ctx, snap.Nodes.Value, src, target) })
	wg.Wait()
	return f
}

func gatherPolicies(ctx context.Context, cluster PrepCluster, f *model.CheckFacts) {
	if cluster == nil {
		f.PoliciesErr = errNoCluster.Error()
		return
	}
	policies, err := cluster.Policies(ctx)
	if err != nil {
		f.PoliciesErr = err.Error()
	}
	f.Policies = policies
}

func gatherDeprecated(ctx context.Context, cluster PrepCluster, f *model.CheckFacts) {
	if cluster == nil {
		f.DeprecatedErr = errNoCluster.Error()
		return
	}
	names, supported, err := cluster.DeprecatedFeaturesUsed(ctx)
	if err != nil {
		f.DeprecatedErr = err.Error()
	}
	f.DeprecatedUsed, f.DeprecatedSupported = names, supported
}

func gatherQueues(ctx context.Context, cluster PrepCluster, f *model.CheckFacts) {
	if cluster == nil {
		f.QueuesErr = errNoCluster.Error()
		return
	}
	queues, err := cluster.AllQueues(ctx)
	if err != nil {
		f.QueuesErr = err.Error()
	}
	f.Queues = queues
}

func gatherLinks(ctx context.Context, cluster PrepCluster, f *model.CheckFacts) {
	if cluster == nil {
		f.LinksErr = errNoCluster.Error()
		return
	}
	links, err := cluster.Links(ctx)
	if err != nil {
		f.LinksErr = err.Error()
	}
	f.Links = links
}
