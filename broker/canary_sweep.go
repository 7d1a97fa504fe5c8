package broker

import (
	"context"
	"net/http"
	"net/url"
	"os"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/process"
)

// sweepStale deletes the canary queues that killed warren processes left
// behind on a version whose quorum queues take no x-expires (see
// queueArgs). It only deletes a queue named after this host whose process
// is gone and that the cluster reports without consumers: another live
// warren's canary, on this host or any other, is never touched. (Quorum
// queues refuse if-unused deletes, so the consumer count is read instead.)
// It returns the queues deleted; failures leave them for the next run.
func (c *Canary) sweepStale(ctx context.Context, e Endpoint) []string {
	cluster, err := Connect(c.target)
	if err != nil {
		return nil
	}
	vhost := "/"
	if uri, err := amqp.ParseURI(e.AMQPURL); err == nil {
		vhost = uri.Vhost
	}
	var queues []struct {
		Name      string `json:"name"`
		Consumers *int   `json:"consumers"` // absent until the queue's first stats
	}
	err = cluster.anyNode(ctx, func(nc *nodeClient) error {
		return nc.get(ctx, "queues/"+url.PathEscape(vhost)+"?columns=name,consumers", &queues)
	})
	if err != nil {
		return nil
	}
	host, _ := os.Hostname()
	var deleted []string
	for _, q := range queues {
		unused := q.Consumers != nil && *q.Consumers == 0
		if !unused || !staleCanary(q.Name, host, os.Getpid(), process.Alive) || q.Name == c.opts.Queue {
			continue
		}
		path := "queues/" + url.PathEscape(vhost) + "/" + url.PathEscape(q.Name)
		if cluster.firstAnswering(ctx, http.MethodDelete, path, nil) == nil {
			deleted = append(deleted, q.Name)
		}
	}
	return deleted
}

// staleCanary reports whether queue is a canary queue that a process on
// host, other than pid, named after itself and that no longer runs.
func staleCanary(queue, host string, pid int, alive func(int) bool) bool {
	h, p, ok := model.CanaryQueueOwner(queue)
	return ok && h == host && p != pid && !alive(p)
}
