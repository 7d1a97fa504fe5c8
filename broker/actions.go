package broker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// send makes one changing request (PUT/POST) to path under /api/. Actions
// are never retried on another node: a request that timed out may still
// have been applied, and the caller re-verifies instead.
func (n *nodeClient) send(ctx context.Context, method, path string, body []byte) error {
	ctx, cancel := context.WithTimeout(ctx, n.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, n.base.String()+"/api/"+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.SetBasicAuth(n.user, n.pass)
	// The management API refuses PUT/POST without a JSON content type (415).
	req.Header.Set("Content-Type", "application/json")
	resp, err := n.http.Do(req)
	if err != nil {
		return n.describe(err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return n.describe(&apiError{Status: resp.StatusCode, Body: answer})
	}
	return nil
}

// firstAnswering sends the request to the first node that accepts a
// connection. Only refusals move on: once a node has the request, its
// answer (or its silence) stands.
func (c *Cluster) firstAnswering(ctx context.Context, method, path string, body []byte) error {
	var last error
	for i := range c.clients {
		err := c.clients[i].send(ctx, method, path, body)
		var p *Problem
		if err == nil || !errors.As(err, &p) || p.Kind != "refused" {
			return err
		}
		last = err
	}
	return fmt.Errorf("no node accepted the request: %w", last)
}

// EnableFeatureFlag enables one feature flag cluster-wide. It is a one-way
// door: an enabled flag cannot be disabled.
func (c *Cluster) EnableFeatureFlag(ctx context.Context, name string) error {
	return c.firstAnswering(ctx, http.MethodPut, "feature-flags/"+url.PathEscape(name)+"/enable", []byte("{}"))
}

// RebalanceQueues asks the cluster to spread quorum queue and stream
// leaders over the nodes. The broker does it asynchronously (POST only,
// whatever the docs heading says).
func (c *Cluster) RebalanceQueues(ctx context.Context) error {
	return c.firstAnswering(ctx, http.MethodPost, "rebalance/queues", []byte("{}"))
}
