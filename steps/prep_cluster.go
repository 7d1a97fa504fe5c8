package steps

import (
	"context"
	"time"

	"github.com/warren-sre/warren/model"
)

// ReadyCounter asks the queues themselves (AMQP) for their ready
// messages; a queue left out of the map did not answer.
type ReadyCounter interface {
	ReadyCounts(ctx context.Context, qs []model.Queue) (map[string]int64, error)
}

// PrepCluster is what the preparation and compatibility phases read from the
// live cluster beyond the snapshot. *broker.Cluster implements it.
type PrepCluster interface {
	// Policies lists every policy (classic mirroring shows up as ha-* keys).
	Policies(ctx context.Context) ([]model.Policy, error)
	// DeprecatedFeaturesUsed asks /api/deprecated-features/used; supported
	// is false before 3.13.
	DeprecatedFeaturesUsed(ctx context.Context) (names []string, supported bool, err error)
	// AllQueues lists every queue without statistics.
	AllQueues(ctx context.Context) ([]model.Queue, error)
	// QueueDepths lists every queue with its message count (run once, not
	// polled).
	QueueDepths(ctx context.Context) ([]model.Queue, error)
	ReadyCounter
	// ExportDefinitions returns /api/definitions as sent (a secret).
	ExportDefinitions(ctx context.Context) ([]byte, error)
	// LiveDefinitionCounts counts live objects the way an export does.
	LiveDefinitionCounts(ctx context.Context) (model.DefinitionCounts, error)
	// Links lists the URIs of shovels and federation upstreams, and the
	// static shovels (whose URIs the API does not show).
	Links(ctx context.Context) ([]model.LinkURI, error)
	// MeasureBaseline runs the canary for window and returns its figures.
	MeasureBaseline(ctx context.Context, window time.Duration) (model.CanaryStats, error)
}
