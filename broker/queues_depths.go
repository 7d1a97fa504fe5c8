package broker

import (
	"context"

	"github.com/warren-sre/warren/model"
)

// depthQueueQuery lists every queue's message count, and its state and
// node: a queue whose process stopped still lists its last count.
const depthQueueQuery = "columns=name,vhost,type,durable,messages,state,node"

// QueueDepths lists every queue with its message count: what the
// preparation inventory records and the rollback compares with. The broker
// computes the count of every queue for it, so it runs once per step, never
// polled.
func (c *Cluster) QueueDepths(ctx context.Context) ([]model.Queue, error) {
	var list []apiQueue
	if err := c.slowGet(ctx, "queues?"+depthQueueQuery, &list); err != nil {
		return nil, err
	}
	out := make([]model.Queue, 0, len(list))
	for _, a := range list {
		out = append(out, a.toModel())
	}
	return out, nil
}
