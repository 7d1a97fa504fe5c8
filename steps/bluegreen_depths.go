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
func readyNow(ctx context.Context, side string, c ReadyCounter, qs []model.Queue) (map[string]int64, string) {
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

// sourceNow are the migrated queues' counts on the side messages leave:
// the listing's while it still shows messages in any of them (the verdict
// waits then, and asking every queue over AMQP on each poll would open
// connections, and log lines on the nodes, for nothing), else the queues'
// own ready counts — a listing that reads 0 may be an emission old (a
// drain that trusted it removed the shovels mid-move). asked says which.
func sourceNow(ctx context.Context, side string, c ReadyCounter, qs []model.MigratedQueue, listing map[string]model.Queue) (
	map[string]int64, string, bool) {
	fromListing, shows := make(map[string]int64, len(qs)), false
	for _, q := range qs {
		n := listing[q.Key()].Messages
		fromListing[q.Key()], shows = n, shows || n > 0
	}
	if shows {
		return fromListing, side + ": counts from the statistics listing, which still shows messages", false
	}
	counts, from := readyNow(ctx, side, c, listed(qs, listing))
	return counts, from, true
}

// listed are the migrated queues as one side lists them (a queue the side
// does not list is asked anyway, with nothing to fall back on).
func listed(qs []model.MigratedQueue, side map[string]model.Queue) []model.Queue {
	out := make([]model.Queue, 0, len(qs))
	for _, q := range qs {
		l, ok := side[q.Key()]
		if !ok {
			l = model.Queue{VHost: q.VHost, Name: q.Name}
		}
		out = append(out, l)
	}
	return out
}
