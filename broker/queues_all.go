package broker

import (
	"context"

	"github.com/warren-sre/warren/model"
)

// lightQueueQuery lists every queue with only the columns the deprecation
// checks (transient queues, 4.3's refused queue arguments) and definition counts need, without statistics: never a full
// /api/queues with stats (14 MB and seconds of broker CPU at 10 000 queues).
const lightQueueQuery = "columns=name,vhost,durable,exclusive,auto_delete,type,arguments&disable_stats=true"

// AllQueues lists every queue's identity and flags, without statistics:
// the input of the transient non-exclusive queue check. One request, run
// once per check, not polled.
func (c *Cluster) AllQueues(ctx context.Context) ([]model.Queue, error) {
	var list []apiQueue
	if err := c.slowGet(ctx, "queues?"+lightQueueQuery, &list); err != nil {
		return nil, err
	}
	out := make([]model.Queue, 0, len(list))
	for _, a := range list {
		out = append(out, a.toModel())
	}
	return out, nil
}

// DurableQueues lists the keys of every durable queue (the light listing,
// bounded by SlowFactor × T): the rollback trigger's view of durable queue
// loss, polled rarely by the monitor.
func (c *Cluster) DurableQueues(ctx context.Context) model.DurableQueuesSample {
	start := c.now()
	queues, err := c.AllQueues(ctx)
	s := model.DurableQueuesSample{At: c.now(), Took: c.now().Sub(start)}
	if err != nil {
		s.Err = err.Error()
		return s
	}
	s.Value = model.DurableQueueKeys(queues)
	return s
}
