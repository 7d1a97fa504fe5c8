package model

import (
	"slices"
	"time"
)

// Sample wraps one poller's answer: when it was taken, what it cost, and the
// error if the poll failed. A failed sample keeps the previous value's age
// meaningful: the UI shows the last good data marked stale, with the reason.
type Sample[T any] struct {
	At    time.Time     `json:"at"`
	Took  time.Duration `json:"took_ns"`
	Value T             `json:"value"`
	Err   string        `json:"error,omitempty"`
}

// OK reports whether the poll succeeded.
func (s Sample[T]) OK() bool { return s.Err == "" && !s.At.IsZero() }

// Age is how old the sample is at now.
func (s Sample[T]) Age(now time.Time) time.Duration {
	if s.At.IsZero() {
		return 0
	}
	return now.Sub(s.At)
}

// Named samples, one per poller concern.
type (
	NodesSample       = Sample[[]Node]
	OverviewSample    = Sample[Overview]
	QueuesSample      = Sample[[]Queue]
	ConnectionsSample = Sample[[]Connection]
	FlagsSample       = Sample[[]FeatureFlag]
	HealthSample      = Sample[[]HealthCheck]
	CanarySample      = Sample[CanaryStats]
	// DurableQueuesSample is a full listing of the durable queues' keys,
	// what "a durable queue is gone" is judged on (never the top N).
	DurableQueuesSample = Sample[QueueKeys]
)

// QueueKeys are vhost/name keys (Queue.Key) of queues, sorted.
type QueueKeys []string

// DurableQueueKeys keeps the queues whose loss is data loss: durable, not
// exclusive, not warren's own canary.
func DurableQueueKeys(queues []Queue) QueueKeys {
	out := QueueKeys{}
	for _, q := range queues {
		if q.Durable && !q.Exclusive && !IsCanaryQueue(q.Name) {
			out = append(out, q.Key())
		}
	}
	slices.Sort(out)
	return out
}

// NodeLink is the canary's per-node AMQP link state: a closed link is the
// fastest sign of a node going down (~0.5 s for a graceful stop, ~10 ms for a
// kill, against ~5.7 s for the API).
type NodeLink struct {
	Node   string    `json:"node"`
	Up     bool      `json:"up"`
	Since  time.Time `json:"since"`
	Reason string    `json:"reason,omitempty"`
	// Silent: the link is still open but the node answered no probe in
	// time (a frozen node keeps its TCP connections).
	Silent bool `json:"silent,omitempty"`
}

// Snapshot is the latest of every concern, as the UI and the checks see it.
type Snapshot struct {
	Nodes       NodesSample       `json:"nodes"`
	Overview    OverviewSample    `json:"overview"`
	Queues      QueuesSample      `json:"queues"`
	Connections ConnectionsSample `json:"connections"`
	Flags       FlagsSample       `json:"feature_flags"`
	Health      HealthSample      `json:"health"`
	Canary      CanarySample      `json:"canary"`
	// Durable is polled for the rollback triggers only; one-shot reports
	// leave it out.
	Durable DurableQueuesSample `json:"durable_queues,omitzero"`
	Links   []NodeLink          `json:"links,omitempty"`
	// States is each node's effective state (NodeWatch): the API's word
	// corrected by the links. Empty where no links were watched.
	States []NodeStatus `json:"node_states,omitempty"`
}
