package checklist

import (
	"time"

	"github.com/warren-sre/warren/model"
)

// CanaryMark is the canary as a check saw it: its counts (cumulative over
// the canary's life, so they restart with a resumed warren) and the
// latency of its sliding window. Journaled with every check, it lets the
// report give message totals and the worst latency per phase.
type CanaryMark struct {
	Node        string        `json:"node,omitempty"`
	Connected   bool          `json:"connected"`
	Confirmed   int64         `json:"confirmed"`
	Delivered   int64         `json:"delivered"`
	Lost        int64         `json:"lost"`
	EndToEndP99 time.Duration `json:"end_to_end_p99_ns"`
	ConfirmP99  time.Duration `json:"confirm_p99_ns"`
}

// canaryMark is the snapshot's canary, or nil when there is none (no
// canary running, or no sample yet).
func canaryMark(s model.CanarySample) *CanaryMark {
	if s.At.IsZero() {
		return nil
	}
	c := s.Value
	return &CanaryMark{Node: c.Node, Connected: c.Connected, Confirmed: c.Confirmed, Delivered: c.Delivered,
		Lost: c.Lost, EndToEndP99: c.EndToEnd.P99, ConfirmP99: c.Confirm.P99}
}
