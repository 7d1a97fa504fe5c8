package broker

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"sort"

	amqp "github.com/rabbitmq/amqp091-go"

	"github.com/warren-sre/warren/model"
)

// ReadyCounts asks each queue itself, over AMQP, how many messages it holds
// ready. A passive queue.declare is a lookup that answers with the queue's
// count now, where the management listing is up to one statistics emission
// old (a queue published to a moment ago still lists 0). It costs one
// connection per vhost, one channel, and one small frame per queue; the
// whole read is bounded by ctx and the target's timeout per dial.
//
// A queue that cannot be asked (deleted meanwhile, exclusive to another
// connection) is left out of the map: the caller falls back to the
// listing for it and says so. An error means no vhost could be read.
func (c *Cluster) ReadyCounts(ctx context.Context, queues []model.Queue) (map[string]int64, error) {
	byVHost := map[string][]string{}
	for _, q := range queues {
		byVHost[q.VHost] = append(byVHost[q.VHost], q.Name)
	}
	vhosts := make([]string, 0, len(byVHost))
	for v := range byVHost {
		vhosts = append(vhosts, v)
	}
	sort.Strings(vhosts)
	out := map[string]int64{}
	var errs []error
	for _, vhost := range vhosts {
		if err := c.readyInVHost(ctx, vhost, byVHost[vhost], out); err != nil {
			errs = append(errs, fmt.Errorf("vhost %q: %w", vhost, err))
		}
	}
	if len(errs) == len(vhosts) && len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// readyInVHost reads the queues of one vhost through the first node that
// accepts a connection.
func (c *Cluster) readyInVHost(ctx context.Context, vhost string, names []string, out map[string]int64) error {
	conn, err := c.dialVHost(vhost)
	if err != nil {
		return err
	}
	// amqp091 calls take no context: closing the connection ends a call
	// a frozen node would never answer.
	stop := context.AfterFunc(ctx, func() { conn.Close() })
	defer stop()
	defer conn.Close()
	ch, err := conn.Channel()
	if err != nil {
		return err
	}
	for _, name := range names {
		q, err := ch.QueueDeclarePassive(name, false, false, false, false, nil)
		if err == nil {
			out[vhost+"/"+name] = int64(q.Messages)
			continue
		}
		if ctx.Err() != nil || conn.IsClosed() {
			return fmt.Errorf("stopped after %d of %d queues: %w", len(out), len(names), errors.Join(ctx.Err(), err))
		}
		// A refused lookup closes the channel, not the connection.
		if ch, err = conn.Channel(); err != nil {
			return err
		}
	}
	return nil
}

// dialVHost opens a connection to vhost on the first endpoint that takes it.
func (c *Cluster) dialVHost(vhost string) (*amqp.Connection, error) {
	opts := CanaryOptions{DialTimeout: c.target.Timeout}.withDefaults()
	var errs []error
	for _, e := range c.target.Nodes {
		u, err := url.Parse(e.AMQPURL)
		if err != nil || e.AMQPURL == "" {
			continue
		}
		u.Path, u.RawPath = "/"+vhost, "/"+url.PathEscape(vhost)
		e.AMQPURL = u.String()
		conn, err := canaryDial(c.target, e, opts, model.QueueCountsConnection)
		if err == nil {
			return conn, nil
		}
		errs = append(errs, err)
	}
	if len(errs) == 0 {
		return nil, errors.New("no node has an AMQP URL")
	}
	return nil, errors.Join(errs...)
}
