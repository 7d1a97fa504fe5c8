package steps

import (
	"cmp"
	"context"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/model"
)

// verified is the gate that ends a node's block: the node is back, on the
// target version, and the cluster around it is whole again.
func verified(node string, cfg RollingConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot verify "+node, err.Error())
		}
		var v verdict
		n, ok := findNode(nodes, node)
		if !ok {
			v.fail("%s is not a member of this cluster", node)
		} else if isDown(n) {
			v.wait("%s is not running", node)
		} else {
			checkVersion(&v, n, cfg.Target)
			clusterHealth(&v, nodes, "")
			linksSay(&v, env, nodes)
			if hc := env.Cluster.NodeHealth(ctx, node, "local-alarms"); hc.Error != "" {
				v.wait("the alarms check on %s could not run yet: %s", node, hc.Error)
			} else if !hc.OK {
				v.fail("%s reports alarms: %s", node, strings.Join(hc.Queues, ", "))
			}
			listeners(ctx, env, &v, node, cfg.Listeners)
			quorumMembership(ctx, env, &v)
		}
		if cfg.RequireCanary {
			canaryHealthy(&v, env.Snapshot.Canary)
		}
		r := v.result(env, node+" is verified on "+cfg.Target.String(), node+" failed verification", node+" is not verified yet")
		if r.Verdict == Fail {
			r.Remedy = "look at the evidence; if the node cannot be made healthy, begin the rollback"
		}
		return r
	}
}

func checkVersion(v *verdict, n model.Node, target model.Version) {
	if target.IsZero() {
		v.fail("no target version is configured, so the node's version cannot be checked")
		return
	}
	got, err := model.ParseVersion(n.RabbitVersion)
	switch {
	case err != nil:
		v.wait("%s does not report its version yet (%q)", n.Name, n.RabbitVersion)
	case got != target:
		v.fail("%s reports RabbitMQ %s, not the target %s", n.Name, got, target)
	default:
		v.ok("%s reports RabbitMQ %s", n.Name, got)
	}
}

// quorumMembership: every quorum queue has all its members online. The
// online list is stats-based and lags a few seconds, so a short gap waits.
func quorumMembership(ctx context.Context, env Env, v *verdict) {
	queues, err := env.Cluster.AllQueues(ctx)
	if err != nil {
		v.wait("could not list the queues: %v", err)
		return
	}
	total, short := 0, []string{}
	for _, q := range queues {
		if !q.IsQuorum() {
			continue
		}
		total++
		if missing := missingMembers(q); len(missing) > 0 {
			short = append(short, fmt.Sprintf("%s (vhost %s) lacks %s", q.Name, q.VHost, strings.Join(missing, ", ")))
		}
	}
	if len(short) > 0 {
		v.wait("%d of %d quorum queues are not back to full membership: %s", len(short), total, strings.Join(limitList(short, 10), "; "))
		return
	}
	v.ok("all %d quorum queues have every member online", total)
}

func missingMembers(q model.Queue) []string {
	online := map[string]bool{}
	for _, m := range q.Online {
		online[m] = true
	}
	var missing []string
	for _, m := range q.Members {
		if !online[m] {
			missing = append(missing, m)
		}
	}
	return missing
}

func limitList(s []string, n int) []string {
	if len(s) <= n {
		return s
	}
	return append(append([]string(nil), s[:n]...), fmt.Sprintf("… and %d more", len(s)-n))
}

// canaryHealthy: the canary is connected and has lost nothing.
func canaryHealthy(v *verdict, s model.CanarySample) {
	c := s.Value
	switch {
	case s.At.IsZero():
		// Not a pass: without a sample, message flow is unverified.
		v.wait("no canary sample yet: message flow cannot be verified until the canary reports")
	case c.Lost > 0:
		v.fail("the canary lost %d confirmed message(s) of %d", c.Lost, c.Confirmed)
	case !c.Connected:
		v.wait("the canary is not connected: %s", cmp.Or(c.LastError, "reconnecting"))
	default:
		v.ok("canary connected to %s: %d confirmed, %d delivered, 0 lost", c.Node, c.Confirmed, c.Delivered)
	}
}
