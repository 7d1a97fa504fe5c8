package broker

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/warren-sre/warren/model"
)

// Cluster holds one client per node. Several health checks answer only for
// the node asked, so every node's own listener is addressed.
type Cluster struct {
	target  Target
	clients []*nodeClient
	now     func() time.Time

	mu        sync.Mutex
	names     map[int]string           // endpoint index → discovered node name
	versions  map[string]model.Version // node name → the RabbitMQ it last reported
	preferred int                      // endpoint that answered last
}

// Connect builds the per-node clients. It does no network IO: a node that
// is down at start is reported by the pollers, not refused here.
func Connect(t Target) (*Cluster, error) {
	if len(t.Nodes) == 0 {
		return nil, errors.New("no nodes: give at least one --url")
	}
	tlsCfg, err := t.TLSConfig()
	if err != nil {
		return nil, err
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	transport := &http.Transport{
		TLSClientConfig:     tlsCfg,
		DialContext:         (&net.Dialer{Timeout: timeout}).DialContext,
		TLSHandshakeTimeout: timeout,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
	}
	c := &Cluster{target: t, now: time.Now, names: map[int]string{}, versions: map[string]model.Version{}}
	for i, ep := range t.Nodes {
		nc, err := newNodeClient(t, ep, transport)
		if err != nil {
			return nil, err
		}
		c.clients = append(c.clients, nc)
		if ep.Name != "" {
			c.names[i] = ep.Name
		}
	}
	return c, nil
}

// SetClock injects the clock used to timestamp samples (tests).
func (c *Cluster) SetClock(now func() time.Time) { c.now = now }

// Target returns the target this cluster was built from.
func (c *Cluster) Target() Target { return c.target }

// nodeName is the Erlang name of endpoint i, or its host:port until known.
func (c *Cluster) nodeName(i int) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n, ok := c.names[i]; ok {
		return n
	}
	return c.clients[i].base.Host
}

func (c *Cluster) learnName(i int, name string) {
	if name == "" {
		return
	}
	c.mu.Lock()
	c.names[i] = name
	c.mu.Unlock()
}

// NodeNames lists the node names in endpoint order (host:port until known).
func (c *Cluster) NodeNames() []string {
	out := make([]string, len(c.clients))
	for i := range c.clients {
		out[i] = c.nodeName(i)
	}
	return out
}

// clientFor returns the client of the named node (or endpoint host:port).
func (c *Cluster) clientFor(node string) (*nodeClient, bool) {
	for i, nc := range c.clients {
		if c.nodeName(i) == node || nc.base.Host == node {
			return nc, true
		}
	}
	return nil, false
}

// anyNode runs fn against the nodes, starting with the last one that
// answered, until one answers: one dead node never blanks a pane and costs
// one refused connection, not a timeout on every poll. It stops at the first
// timeout: a frozen node makes cluster-wide queries hang on the healthy nodes
// too, so trying them all would only multiply the wait. The next call starts
// with the next node, in case the one that timed out was the frozen one.
func (c *Cluster) anyNode(ctx context.Context, fn func(nc *nodeClient) error) error {
	c.mu.Lock()
	first := c.preferred
	c.mu.Unlock()
	var errs []error
	for k := range c.clients {
		i := (first + k) % len(c.clients)
		err := fn(c.clients[i])
		if err == nil {
			c.setPreferred(i)
			return nil
		}
		errs = append(errs, err)
		if IsTimeout(err) {
			c.setPreferred((i + 1) % len(c.clients))
			break
		}
		if ctx.Err() != nil {
			break
		}
	}
	return fmt.Errorf("no node answered: %w", errors.Join(errs...))
}

func (c *Cluster) setPreferred(i int) {
	c.mu.Lock()
	c.preferred = i
	c.mu.Unlock()
}

// learnVersion records the RabbitMQ version node reported. A node's version
// changes only across a restart, and every read of /api/nodes brings it up
// to date, so an upgraded node is asked the new way from its next poll.
func (c *Cluster) learnVersion(node, version string) {
	v, err := model.ParseVersion(version)
	if node == "" || err != nil {
		return
	}
	c.mu.Lock()
	c.versions[node] = v
	c.mu.Unlock()
}

// versionOf is the RabbitMQ version node last reported (zero if none yet).
func (c *Cluster) versionOf(node string) model.Version {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions[node]
}
