package broker

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/warren-sre/warren/model"
)

// healthBody is what RabbitMQ's health endpoints answer, passing or not.
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

// healthAnswer is one health endpoint's answer, read strictly.
type healthAnswer struct {
	body    healthBody
	missing bool  // 404: this node's version has no such endpoint
	err     error // no RabbitMQ health answer: the check could not run
}

// passed reports a {"status":"ok"} answer.
func (a healthAnswer) passed() bool { return a.err == nil && !a.missing && a.body.Status == "ok" }

// health GETs a health endpoint (relative to /api/) on this node.
func (n *nodeClient) health(ctx context.Context, path string) healthAnswer {
	status, body, err := n.fetchWithin(ctx, n.timeout, path)
	if err != nil {
		return healthAnswer{err: err}
	}
	if status == http.StatusUnauthorized {
		return healthAnswer{err: n.describe(&apiError{Status: status, Body: body})}
	}
	a := readHealthAnswer(status, body)
	if a.err != nil {
		a.err = fmt.Errorf("%s: /api/%s: %w", n.base.Host, path, a.err)
	}
	return a
}

// readHealthAnswer reads one answer of a health endpoint. RabbitMQ answers
// {"status":"ok"} when the check passes and {"status":"failed","reason":…}
// when it fails: with 503 from /api/health/checks/*, with 500 from 3.8's
// /api/healthchecks/node. Anything else is no health answer, whatever its
// HTTP status: a 2xx HTML page from a proxy is not "healthy".
func readHealthAnswer(status int, body []byte) healthAnswer {
	if status == http.StatusNotFound {
		return healthAnswer{missing: true}
	}
	var b healthBody
	if err := json.Unmarshal(body, &b); err != nil || (b.Status != "ok" && b.Status != "failed") {
		return healthAnswer{err: fmt.Errorf("HTTP %d without RabbitMQ's health answer ({\"status\":\"ok\"}): %s", status, apiReason(body))}
	}
	if b.Status == "ok" && status/100 != 2 {
		return healthAnswer{err: fmt.Errorf("HTTP %d with status ok: not a RabbitMQ health answer", status)}
	}
	return healthAnswer{body: b}
}

// NodeChecks are the node-local health checks warren runs on every node.
var NodeChecks = []string{"local-alarms", "alarms", "node-is-quorum-critical", "virtual-hosts"}

// NodeHealth runs one health check (a path under /api/health/checks/, such
// as local-alarms or protocol-listener/amqp) against the named node, the
// way that node's version answers it: its own /api/health/checks endpoint
// where it has one, otherwise the older endpoints (legacyHealth). A check
// that cannot run comes back with Error set: gates fail closed.
func (c *Cluster) NodeHealth(ctx context.Context, node, check string) model.HealthCheck {
	hc := model.HealthCheck{Node: node, Check: check}
	nc, ok := c.clientFor(node)
	if !ok {
		hc.Error = "no management URL for this node in the target"
		return hc
	}
	if model.Has(c.versionOf(node), model.HealthChecksAPI) {
		path := "health/checks/" + check
		if a := nc.health(ctx, path); !a.missing {
			hc.Source = "/api/" + path
			fillHealth(&hc, a)
			return hc
		}
	}
	// Not there (a version before 3.8.10, or a 404 from a node whose version
	// is not known yet): never "node down", ask the way that version can.
	return c.legacyHealth(ctx, nc, hc)
}

// fillHealth copies a health answer into hc. warren's own canary queue is
// not the operator's data: right after it is declared its members are
// still coming online, which would otherwise make every node look
// quorum-critical for a few seconds.
func fillHealth(hc *model.HealthCheck, a healthAnswer) {
	switch {
	case a.err != nil:
		hc.Error = a.err.Error()
		return
	case a.missing:
		hc.Error = hc.Source + ": endpoint not found (HTTP 404): not a RabbitMQ management API"
		return
	}
	hc.OK, hc.Reason = a.passed(), a.body.Reason
	if hc.OK {
		return
	}
	ignored := 0
	for _, q := range a.body.Queues {
		if model.IsCanaryQueue(q.Name) {
			ignored++
			continue
		}
		hc.Queues = append(hc.Queues, fmt.Sprintf("%s (vhost %s)", q.Name, cmp.Or(q.VHost, q.Alt)))
	}
	if ignored > 0 && len(hc.Queues) == 0 && len(a.body.Alarms) == 0 {
		hc.OK = true
		hc.Reason = "only warren's own canary queue is short of members (ignored)"
		return
	}
	for _, al := range a.body.Alarms {
		hc.Queues = append(hc.Queues, al.Resource+" alarm on "+al.Node)
	}
}

// Health runs every NodeChecks check on every node, all at once: each is
// bounded by the node's timeout, so a frozen node costs one timeout, not
// one per check. The results keep the node-then-check order.
func (c *Cluster) Health(ctx context.Context) model.HealthSample {
	start := c.now()
	names := c.NodeNames()
	all := make([]model.HealthCheck, len(names)*len(NodeChecks))
	var wg sync.WaitGroup
	for i, name := range names {
		for j, check := range NodeChecks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				all[i*len(NodeChecks)+j] = c.NodeHealth(ctx, name, check)
			}()
		}
	}
	wg.Wait()
	return model.HealthSample{At: c.now(), Took: c.now().Sub(start), Value: all}
}
