package steps

import (
	"context"
	"fmt"

	"github.com/warren-sre/warren/model"
)

// askInventoryQueues records each queue's own count of ready messages in
// the inventory (ReadyAsked). The listing's depths may be an emission old:
// a queue filled a moment before the inventory lists 0, and a rollback that
// lost those messages would then list what the inventory holds. The note
// says what was asked, for the evidence; a failure to ask leaves the
// listing alone as the reference, said so.
func askInventoryQueues(ctx context.Context, c ReadyCounter, qs []InventoryQueue) string {
	if len(qs) == 0 {
		return "no queue to ask for its messages"
	}
	now, err := askQueues(ctx, c, qs)
	if err != nil {
		return fmt.Sprintf("queues not asked for their ready messages (the statistics listing is the only reference): %v", err)
	}
	for i := range qs {
		if n, ok := now[qs[i].Key()]; ok {
			qs[i].ReadyAsked = &n
		}
	}
	return fmt.Sprintf("ready messages asked of %d of %d queue(s) over AMQP (exact, not statistics)", len(now), len(qs))
}

// readyShortfalls asks again the queues the inventory asked and lists each
// that holds fewer ready messages than then, or does not answer. More is
// no shortfall: messages a consumer held unacknowledged before come back
// ready when its connection goes with its node.
func readyShortfalls(ctx context.Context, c ReadyCounter, before []InventoryQueue) (diffs []string, asked int, err error) {
	var ask []InventoryQueue
	for _, b := range before {
		if b.ReadyAsked != nil {
			ask = append(ask, b)
		}
	}
	if len(ask) == 0 {
		return nil, 0, nil
	}
	now, err := askQueues(ctx, c, ask)
	if err != nil {
		return nil, 0, err
	}
	for _, b := range ask {
		n, ok := now[b.Key()]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("queue %s did not answer when asked for its messages (held %d ready)", b.Key(), *b.ReadyAsked))
		case n < *b.ReadyAsked:
			diffs = append(diffs, fmt.Sprintf("queue %s holds %d ready messages, held %d (asked of the queue)", b.Key(), n, *b.ReadyAsked))
		}
	}
	return diffs, len(ask), nil
}

func askQueues(ctx context.Context, c ReadyCounter, qs []InventoryQueue) (map[string]int64, error) {
	list := make([]model.Queue, len(qs))
	for i, q := range qs {
		list[i] = model.Queue{VHost: q.VHost, Name: q.Name}
	}
	return c.ReadyCounts(ctx, list)
}
