package steps

import (
	"context"

	"github.com/warren-sre/warren/model"
)

// RollingCluster is what the rolling, post-upgrade and rollback phases need
// from the live cluster beyond the snapshot. *broker.Cluster implements it.
// Checks ask the cluster live rather than trust the snapshot: a gate must
// not open on a second-old picture of a node that just went down.
type RollingCluster interface {
	// Nodes reads every node's state (running, version, alarms, partitions).
	Nodes(ctx context.Context) model.NodesSample
	// Overview reads the cluster totals.
	Overview(ctx context.Context) model.OverviewSample
	// FeatureFlags lists the flags and their states.
	FeatureFlags(ctx context.Context) model.FlagsSample
	// EnableFeatureFlag enables one flag: a one-way door.
	EnableFeatureFlag(ctx context.Context, name string) error
	// RebalanceQueues spreads quorum queue leaders over the nodes (async).
	RebalanceQueues(ctx context.Context) error
	// ImportDefinitions loads a definitions export into the cluster.
	ImportDefinitions(ctx context.Context, definitions []byte) error
}
