package broker

import "time"

// Every wait of warren is a multiple of the target's request timeout T
// (--timeout, default 2 s), so one flag bounds them all. The README's
// "How long warren waits" lists these; change both together.
const (
	// RankFactor bounds ranking the deepest queues (5 T): the server sorts
	// every queue, ~0.6 s of broker CPU at 10 000 queues.
	RankFactor = 5
	// OneShotFactor bounds everything `warren status` and `warren check`
	// read (10 T); what is not read by then is reported NOT_CHECKED.
	// status adds its --canary run and CanaryGraceFactor.
	OneShotFactor = 10
	// CanaryGraceFactor is how long a one-shot canary may take to stop
	// after its run (2 T: one dial and one setup, each bounded by T).
	CanaryGraceFactor = 2
	// SlowFactor bounds the heavy one-off requests of the preparation phase
	// (definitions export and import, full listings) that grow with the
	// cluster (60 T).
	SlowFactor = 60
)

// RequestTimeout is T: the target's per-request timeout, or the default.
func (t Target) RequestTimeout() time.Duration {
	if t.Timeout <= 0 {
		return DefaultTimeout
	}
	return t.Timeout
}

// Within is factor × T, one of the documented multiples above.
func (t Target) Within(factor int) time.Duration {
	return time.Duration(factor) * t.RequestTimeout()
}
