package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

var apiClient = &http.Client{Timeout: 2 * time.Second}

// apiGet fetches a management API path from node n as guest (loopback only).
func apiGet(ctx context.Context, n Node, path string, into any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, n.MgmtURL()+path, nil)
	if err != nil {
		return err
	}
	req.SetBasicAuth("guest", "guest")
	resp, err := apiClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d", resp.StatusCode)
	}
	if into == nil {
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(into)
}

// errBootExited marks a start whose process exited before the node served.
var errBootExited = errors.New("did not boot")

// waitReady waits until node n's management API answers, failing early with
// the tail of its logs when exited closes (the server process died during
// boot). exited may be nil for a node started by another process.

func (c Config) waitReady(ctx context.Context, n Node, exited <-chan struct{}) error {
	ctx, cancel := context.WithTimeout(ctx, c.BootTimeout)
	defer cancel()
	for {
		if apiGet(ctx, n, "/api/overview", nil) == nil {
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("lab: %s %w:\n%s", n.Name, errBootExited, n.logTail())
		case <-ctx.Done():
			return fmt.Errorf("lab: %s not ready after %s:\n%s", n.Name, c.BootTimeout, n.logTail())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// waitClusterRunning waits until node 1 reports every lab node running.
func (c Config) waitClusterRunning(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, c.BootTimeout)
	defer cancel()
	for {
		var nodes []struct {
			Name    string `json:"name"`
			Running bool   `json:"running"`
		}
		running := 0
		for _, n := range c.AllNodes() {
			if apiGet(ctx, n, "/api/nodes?columns=name,running", &nodes) == nil {
				break
			}
		}
		for _, n := range nodes {
			if n.Running {
				running++
			}
		}
		if running >= c.Nodes {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("lab: only %d of %d nodes report running", running, c.Nodes)
		case <-time.After(250 * time.Millisecond):
		}
	}
}
