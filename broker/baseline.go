package broker

import (
	"context"
	"fmt"
	"time"

	"github.com/warren-sre/warren/model"
)

// MeasureBaseline runs the canary for window against this cluster's target
// and returns what it measured: the performance baseline the post-upgrade
// comparison reads. Its sliding window equals the run, so the percentiles
// and rates cover the whole measurement.
func (c *Cluster) MeasureBaseline(ctx context.Context, window time.Duration) (model.CanaryStats, error) {
	if window < time.Second {
		return model.CanaryStats{}, fmt.Errorf("baseline window %s is shorter than one second", window)
	}
	// Its own queue: the live canary of the same process uses the default
	// name, and deleting that at the end of the baseline would pull the
	// queue from under it (and make every node look quorum-critical while
	// the re-declared queue's members come online).
	canary := NewCanary(c.target, CanaryOptions{Window: window, NoLinks: true, Queue: defaultCanaryQueue() + ".baseline"})
	runCtx, cancel := context.WithTimeout(ctx, window)
	defer cancel()
	out := make(chan any, 16)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range out {
		}
	}()
	canary.Run(runCtx, out)
	close(out)
	<-done
	if err := ctx.Err(); err != nil {
		return model.CanaryStats{}, fmt.Errorf("baseline interrupted: %w", err)
	}
	stats := canary.Stats()
	if stats.Confirmed == 0 {
		return stats, fmt.Errorf("the canary confirmed no message in %s: %s", window, orNone(stats.LastError))
	}
	return stats, nil
}

func orNone(s string) string {
	if s == "" {
		return "no error reported"
	}
	return s
}
