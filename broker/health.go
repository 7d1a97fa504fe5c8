package broker

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/warren-sre/warren/model"
)

// isHealthFailure reports a 503 from a health check: the check ran and failed.
func isHealthFailure(err error) bool {
	var api *apiError
	return errors.As(err, &api) && api.Status == http.StatusServiceUnavailable
}

// healthBody is what health checks answer, on 200 and 503 alike.
type healthBody struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
	Queues []struct {
		Name  string `json:"name"`
		VHost string `json:"virtual_host"`
		Alt   string `json:"vhost"`
	} `json:"queues"`
	Alarms []struct {
		Node     string `json:"node"`
		Resource string `json:"resource"`
	} `json:"alarms"`
}

// NodeChecks are the node-local health checks warren runs on every node.
var NodeChecks = []string{"local-alarms", "alarms", "node-is-quorum-critical", "virtual-hosts"}

// NodeHealth runs one health check against the named node's own listener.
// A check that cannot run comes back with Error set: gates fail closed.
func (c *Cluster) NodeHealth(ctx context.Context, node, check string) model.HealthCheck {
	hc := model.HealthCheck{Node: node, Check: check}
	nc, ok := c.clientFor(node)
	if !ok {
		hc.Error = "no management URL for this node in the target"
		return hc
	}
	err := nc.get(ctx, "health/checks/"+check, nil)
	if err == nil {
		hc.OK = true
		return hc
	}
	var api *apiError
	if !errors.As(err, &api) || api.Status != http.StatusServiceUnavailable {
		hc.Error = err.Error()
		return hc
	}
	var body healthBody
	_ = json.Unmarshal(api.Body, &body)
	hc.Reason = body.Reason
	ignored := 0
	for _, q := range body.Queues {
		vhost := q.VHost
		if vhost == "" {
			vhost = q.Alt
		}
		// warren's own canary queue is not the operator's data: right after
		// it is declared its members are still coming online, which would
		// otherwise make every node look quorum-critical for a few seconds.
		if model.IsCanaryQueue(q.Name) {
			ignored++
			continue
		}
		hc.Queues = append(hc.Queues, fmt.Sprintf("%s (vhost %s)", q.Name, vhost))
	}
	if ignored > 0 && len(hc.Queues) == 0 && len(body.Alarms) == 0 {
		hc.OK = true
		hc.Reason = "only warren's own canary queue is short of members (ignored)"
		return hc
	}
	for _, a := range body.Alarms {
		hc.Queues = append(hc.Queues, a.Resource+" alarm on "+a.Node)
	}
	return hc
}

// Health runs every NodeChecks check on every node, in parallel per node.
func (c *Cluster) Health(ctx context.Context) model.HealthSample {
	start := c.now()
	names := c.NodeNames()
	results := make([][]model.HealthCheck, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, check := range NodeChecks {
				results[i] = append(results[i], c.NodeHealth(ctx, name, check))
			}
		}()
	}
	wg.Wait()
	var all []model.HealthCheck
	for _, r := range results {
		all = append(all, r...)
	}
	return model.HealthSample{At: c.now(), Took: c.now().Sub(start), Value: all}
}
