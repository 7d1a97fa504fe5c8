package broker

import (
	"context"
	"sync"

	"github.com/warren-sre/warren/model"
)

// LinkWatch is the per-node link watch on its own, without a canary: one
// light AMQP connection per node (heartbeats and a probe, no queue, no
// messages). A follower runs it so it sees a node going down as fast as the
// driver does, while the driver's canary alone measures the run.
type LinkWatch struct {
	c *Canary
}

// NewLinkWatch prepares the links to every node of target; nothing is
// dialled until Run.
func NewLinkWatch(target Target, opts CanaryOptions) *LinkWatch {
	return &LinkWatch{c: NewCanary(target, opts)}
}

// Run sends a model.NodeLink on every link change until ctx ends; sends
// give up when ctx ends. Links are closed before it returns.
func (w *LinkWatch) Run(ctx context.Context, out chan<- any) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	links := make(chan model.NodeLink, 16)
	var wg sync.WaitGroup
	for _, e := range w.c.target.Nodes {
		wg.Go(func() { w.c.watchLink(ctx, e, links) })
	}
	defer w.c.closers.Wait()
	defer wg.Wait()
	for {
		select {
		case <-ctx.Done():
			return
		case l := <-links:
			canaryEmit(ctx, out, l)
		}
	}
}

// Links is the latest state of every node link, in target order.
func (w *LinkWatch) Links() []model.NodeLink { return w.c.Links() }
