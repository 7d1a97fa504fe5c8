package steps

import (
	"context"
	"fmt"

	"github.com/warren-sre/warren/model"
)

// readyNow is each queue's count of ready messages, asked of the queue
// itself over AMQP where it answers (exact, now), else the listing's
// (up to one statistics emission old: a queue published to a moment ago
// still lists 0, which made a baseline of 0 and a comparison that could
// not see a loss). Ready, not ready + unacknowledged: a message a consumer
// holds on blue may be acknowledged there and never reach green. The note
// says where the numbers came from, for the evidence.
func readyNow(ctx context.Context, side string, c MigrationCluster, qs []model.Queue) (map[string]int64, string) {
	exact, err := c.ReadyCounts(ctx, qs)
	out := make(map[string]int64, len(qs))
	listed := 0
	for _, q := range qs {
		if n, ok := exact[q.Key()]; ok {
			out[q.Key()] = n
			continue
		}
		out[q.Key()] = q.Ready
		listed++
	}
	switch {
	case err != nil:
		return out, fmt.Sprintf("%s: ready counts from the statistics listing, up to one emission old (asking the queues over AMQP failed: %v)", side, err)
	case listed > 0:
		return out, fmt.Sprintf("%s: ready counts asked of each queue over AMQP; %d from the statistics listing (the queue did not answer)", side, listed)
	}
	return out, side + ": ready counts asked of each queue over AMQP (exact, not statistics)"
}

// withoutCanary drops warren's own canary queues, which come and go.
func withoutCanary(qs []model.Queue) []model.Queue {
	out := make([]model.Queue, 0, len(qs))
	for _, q := range qs {
		if !model.IsCanaryQueue(q.Name) {
			out = append(out, q)
		}
	}
	return out
}
