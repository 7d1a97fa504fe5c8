package model

import "time"

// Percentiles of a latency distribution over the canary's sliding window.
type Percentiles struct {
	P50   time.Duration `json:"p50_ns"`
	P95   time.Duration `json:"p95_ns"`
	P99   time.Duration `json:"p99_ns"`
	Max   time.Duration `json:"max_ns"`
	Count int64         `json:"count"`
}

// Gap is a period the canary had no connection, e.g. while its node restarted.
type Gap struct {
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"duration_ns"`
	From     string        `json:"from_node"`
	To       string        `json:"to_node"`
	Reason   string        `json:"reason"`
}

// CanaryStats is what the canary measured so far. Counts are cumulative over
// the canary's life; percentiles and rates cover the sliding window.
type CanaryStats struct {
	Node string `json:"node"` // where it is connected now (where it publishes)
	// PublishOn and ConsumeOn label the clusters of a blue-green run the
	// canary publishes on and consumes on ("blue", "green"): between the
	// two move gates it publishes on blue and consumes on green, so its
	// latency and loss measure the move itself. Empty outside blue-green.
	PublishOn   string      `json:"publish_on,omitempty"`
	ConsumeOn   string      `json:"consume_on,omitempty"`
	ConsumeNode string      `json:"consume_node,omitempty"` // when it differs from Node
	Connected   bool        `json:"connected"`
	Queue       string      `json:"queue"`
	Confirm     Percentiles `json:"confirm"`
	EndToEnd    Percentiles `json:"end_to_end"`
	PublishRate float64     `json:"publish_rate"`
	ConsumeRate float64     `json:"consume_rate"`
	Published   int64       `json:"published"`
	Confirmed   int64       `json:"confirmed"`
	Nacked      int64       `json:"nacked"`
	// Unconfirmed were published but their connection died before the
	// broker confirmed or nacked them: in doubt, neither lost nor nacked.
	Unconfirmed int64 `json:"unconfirmed"`
	Delivered   int64 `json:"delivered"`
	// Lost counts confirmed messages not delivered within the loss horizon.
	Lost       int64 `json:"lost"`
	Duplicates int64 `json:"duplicates"`
	// Redelivered are repeats flagged redelivered by the broker, e.g. a
	// message whose ack died with the connection: expected, not a fault.
	Redelivered int64 `json:"redelivered"`
	Reordered   int64 `json:"reordered"`
	// InFlight are confirmed but not yet delivered, younger than the horizon.
	InFlight int64 `json:"in_flight"`
	Gaps     []Gap `json:"gaps"`
	// P99History is one point per window step, oldest first, for sparklines.
	P99History []time.Duration `json:"p99_history_ns,omitempty"`
	LastError  string          `json:"last_error,omitempty"`
}
