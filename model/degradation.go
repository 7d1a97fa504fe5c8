package model

import "time"

// Floors below which a change in the canary's figures is not a regression an
// operator would act on, however large in relative terms. A busy 2-core host
// doubles a 2 ms p99 without anything being wrong with the cluster; the
// original runbook's ">50 % worse" was written for production latencies of
// tens of milliseconds.
const (
	// LatencyAbsoluteFloor: a p99 that stays under it is never "worse".
	LatencyAbsoluteFloor = 50 * time.Millisecond
	// LatencyMinIncrease: a p99 must also rise by at least this much.
	LatencyMinIncrease = 5 * time.Millisecond
	// RateMinDrop: a consume rate must fall by at least this many msg/s;
	// the canary publishes a handful a second, so one late message is not a
	// 50 % drop.
	RateMinDrop = 1.0
)

// LatencyLimit is the p99 above which latency counts as degraded: more than
// degradation (0.5 = 50 %) above the baseline, at least minIncrease above
// it, and never below the absolute floor. floor or minIncrease of zero take
// the package defaults.
func LatencyLimit(base time.Duration, degradation float64, minIncrease, floor time.Duration) time.Duration {
	if minIncrease <= 0 {
		minIncrease = LatencyMinIncrease
	}
	if floor <= 0 {
		floor = LatencyAbsoluteFloor
	}
	return max(time.Duration(float64(base)*(1+degradation)), base+minIncrease, floor)
}

// RateFloor is the consume rate below which throughput counts as degraded:
// more than degradation below the baseline and at least RateMinDrop below it.
func RateFloor(base, degradation float64) float64 {
	return min(base*(1-degradation), base-RateMinDrop)
}
