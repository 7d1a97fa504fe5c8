package broker

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/warren-sre/warren/model"
)

// maxDefinitions caps an export warren will hold in memory; a truncated
// export could not be verified, so a larger one is an error.
const maxDefinitions = 512 << 20

// slowRequest sends one request to this node within SlowFactor × T (heavy
// one-off requests grow with the cluster; T is made for cheap ones) and
// returns the body of a 2xx answer. Errors are described like every other.
func (n *nodeClient) slowRequest(ctx context.Context, method, path string, body []byte) ([]byte, error) {
	timeout := SlowFactor * n.timeout
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var reader io.Reader
	if body != nil {
		reader = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, n.base.String()+"/api/"+path, reader)
	if err != nil {
		return nil, err
	}
	req.SetBasicAuth(n.user, n.pass)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Transport: n.http.Transport, Timeout: timeout}
	resp, err := client.Do(req)
	if err != nil {
		return nil, n.describeWithin(err, timeout)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxDefinitions+1))
	if err != nil {
		return nil, n.describeWithin(err, timeout)
	}
	if len(data) > maxDefinitions {
		return nil, fmt.Errorf("%s: answer to /api/%s is larger than %d MiB", n.base.Host, path, maxDefinitions>>20)
	}
	if resp.StatusCode/100 != 2 {
		return nil, n.describe(&apiError{Status: resp.StatusCode, Body: data})
	}
	return data, nil
}

// slowGet is slowRequest GET on any node, decoded into into.
func (c *Cluster) slowGet(ctx context.Context, path string, into any) error {
	return c.anyNode(ctx, func(nc *nodeClient) error {
		data, err := nc.slowRequest(ctx, http.MethodGet, path, nil)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(data, into); err != nil {
			return fmt.Errorf("%s: unexpected answer to /api/%s: %v", nc.base.Host, path, err)
		}
		return nil
	})
}

// ExportDefinitions returns GET /api/definitions exactly as the broker sent
// it: users with password hashes, vhosts, permissions, policies, queues,
// exchanges, bindings, parameters. Treat the bytes as a secret.
func (c *Cluster) ExportDefinitions(ctx context.Context) ([]byte, error) {
	var out []byte
	err := c.anyNode(ctx, func(nc *nodeClient) error {
		data, err := nc.slowRequest(ctx, http.MethodGet, "definitions", nil)
		out = data
		return err
	})
	return out, err
}

// ImportDefinitions posts a cluster-wide definitions file. RabbitMQ merges
// it into what exists (conflicting queues and exchanges are left as they
// are) and may leave a partial import behind on error.
func (c *Cluster) ImportDefinitions(ctx context.Context, defs []byte) error {
	if !json.Valid(defs) {
		return fmt.Errorf("definitions are not valid JSON")
	}
	return c.anyNode(ctx, func(nc *nodeClient) error {
		_, err := nc.slowRequest(ctx, http.MethodPost, "definitions", defs)
		return err
	})
}

// LiveDefinitionCounts counts, on the live cluster, the objects a
// definitions export holds, with the export's own filters (see
// model.CountLive): the reference a backup is verified against.
func (c *Cluster) LiveDefinitionCounts(ctx context.Context) (model.DefinitionCounts, error) {
	var live model.LiveObjects
	lists := []struct {
		path string
		into any
	}{
		{"vhosts?columns=name", &live.VHosts},
		{"users?columns=name", &live.Users},
		{"permissions", &live.Permissions},
		{"policies", &live.Policies},
		{"queues?" + lightQueueQuery, &live.Queues},
		{"exchanges?columns=name,vhost&disable_stats=true", &live.Exchanges},
		{"bindings", &live.Bindings},
	}
	for _, l := range lists {
		if err := c.slowGet(ctx, l.path, l.into); err != nil {
			return model.DefinitionCounts{}, err
		}
	}
	return model.CountLive(live), nil
}
