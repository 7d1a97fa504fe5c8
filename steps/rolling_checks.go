package steps

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/model"
)

var (
	errNoPackage = errors.New("no package command for this node: give the install method and target package version")
	errNoStart   = errors.New("no start command for this node: give how RabbitMQ is started there")
)

// verdict collects a check's findings: problems fail, pending things wait.
type verdict struct {
	problems []string // fail closed
	pending  []string // not yet
	facts    []string // evidence of what holds
}

func (v *verdict) fail(format string, args ...any) {
	v.problems = append(v.problems, fmt.Sprintf(format, args...))
}
func (v *verdict) wait(format string, args ...any) {
	v.pending = append(v.pending, fmt.Sprintf(format, args...))
}
func (v *verdict) ok(format string, args ...any) {
	v.facts = append(v.facts, fmt.Sprintf(format, args...))
}

// result turns the collection into a Result: any problem fails, any
// pending item waits, otherwise pass; the evidence lists everything.
func (v verdict) result(env Env, pass, failSummary, waitSummary string) Result {
	r := Result{Verdict: Pass, Summary: pass}
	switch {
	case len(v.problems) > 0:
		r.Verdict, r.Summary = Fail, failSummary
	case len(v.pending) > 0:
		r.Verdict, r.Summary = Wait, waitSummary
	}
	r.Evidence = append(append(append([]string(nil), v.problems...), v.pending...), v.facts...)
	r.At = env.now()
	return r
}

// failResult fails with the summary and its evidence. Without evidence
// the summary is the problem: a fail result never passes for lack of one.
func failResult(env Env, summary string, evidence ...string) Result {
	if len(evidence) == 0 {
		evidence = []string{summary}
	}
	v := verdict{problems: evidence}
	return v.result(env, "", summary, "")
}

// liveNodes reads the nodes now, or says why it cannot (fail closed).
func liveNodes(ctx context.Context, env Env) ([]model.Node, error) {
	if env.Cluster == nil {
		return nil, errors.New("no live cluster connection: the check cannot run")
	}
	s := env.Cluster.Nodes(ctx)
	if s.Err != "" || len(s.Value) == 0 {
		return nil, fmt.Errorf("could not read the nodes: %s", cmp.Or(s.Err, "no node answered"))
	}
	return s.Value, nil
}

func findNode(nodes []model.Node, name string) (model.Node, bool) {
	for _, n := range nodes {
		if n.Name == name {
			return n, true
		}
	}
	return model.Node{}, false
}

func isDown(n model.Node) bool { return !n.Running || n.State == model.NodeDown }

// clusterHealth notes other nodes not running, alarms and partitions.
func clusterHealth(v *verdict, nodes []model.Node, except string) {
	for _, n := range nodes {
		if n.Name != except && n.State != model.NodeRunning {
			v.fail("%s is %s%s", n.Name, n.State, suffix(n.Reason))
		}
		if a := n.Alarms(); len(a) > 0 {
			v.fail("%s has a %s alarm", n.Name, strings.Join(a, ", "))
		}
		if len(n.Partitions) > 0 {
			v.fail("%s reports a partition with %s", n.Name, strings.Join(n.Partitions, ", "))
		}
	}
}

// linksSay waits on a node the live API still calls running while the
// run's links say it is going down or frozen (model.NodeWatch): the API
// catches up seconds later, and a gate must not pass in between. It waits
// rather than fails, so a link that only flapped holds nothing up for long.
func linksSay(v *verdict, env Env, nodes []model.Node) {
	for _, st := range env.Snapshot.States {
		if st.State != model.NodeGoingDown && st.State != model.NodeFrozen {
			continue
		}
		if n, ok := findNode(nodes, st.Node); ok && n.State == model.NodeRunning {
			v.wait("%s is %s by warren's link to it%s; the API still says running", st.Node, st.State, suffix(st.Why))
		}
	}
}

func suffix(reason string) string {
	if reason == "" {
		return ""
	}
	return " (" + reason + ")"
}

// safeToStop is the gate before a node goes down.
func safeToStop(node string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether "+node+" is safe to stop", err.Error())
		}
		var v verdict
		if _, ok := findNode(nodes, node); !ok {
			v.fail("%s is not a member of this cluster", node)
		}
		clusterHealth(&v, nodes, "")
		linksSay(&v, env, nodes)
		if n, ok := findNode(nodes, node); ok {
			mirrorSync(ctx, env, &v, n)
		}
		hc := env.Cluster.NodeHealth(ctx, node, "node-is-quorum-critical")
		switch {
		case hc.Error != "":
			v.fail("the quorum-critical check could not run on %s: %s", node, hc.Error)
		case !hc.OK && len(v.problems) > 0:
			v.fail("stopping %s would leave these quorum queues without quorum: %s", node, strings.Join(hc.Queues, ", "))
		case !hc.OK:
			v.wait("stopping %s would leave these quorum queues without quorum: %s", node, strings.Join(hc.Queues, ", "))
		default:
			v.ok("%s is not quorum-critical (asked %s itself)", node, node)
		}
		if len(v.problems) == 0 {
			v.ok("all %d nodes running, no alarms, no partitions", len(nodes))
		}
		r := v.result(env, node+" is safe to stop", node+" is not safe to stop", node+" is quorum- or mirror-sync-critical: waiting for its queues' other members")
		if r.Verdict != Pass {
			r.Remedy = "bring every node back and wait until each quorum queue has an online quorum without " + node +
				" (rabbitmq-upgrade await_online_quorum_plus_one) and, before 4.0, each classic mirrored queue it leads has a synchronised mirror" +
				" (rabbitmq-upgrade await_online_synchronized_mirror, or rabbitmqctl sync_queue for ha-sync-mode manual)"
		}
		return r
	}
}

// mirrorSync: before 4.0, stopping the leader of a classic mirrored queue
// whose mirrors are not synchronised loses the messages only it holds (or
// leaves the queue without a leader), so the node is asked itself. From 4.0
// classic mirroring is gone and the check is a no-op (facts §5.2). A node
// whose version is unknown is asked too: fail closed.
func mirrorSync(ctx context.Context, env Env, v *verdict, n model.Node) {
	if ver, err := model.ParseVersion(n.RabbitVersion); err == nil && !ver.Less(model.V(4, 0, 0)) {
		return
	}
	hc := env.Cluster.NodeHealth(ctx, n.Name, "node-is-mirror-sync-critical")
	switch {
	case hc.Error != "":
		v.fail("the mirror-sync-critical check could not run on %s: %s (before 3.8.10 run rabbitmq-queues check_if_node_is_mirror_sync_critical and acknowledge)", n.Name, hc.Error)
	case !hc.OK:
		v.wait("stopping %s would lose messages of classic mirrored queues without a synchronised mirror: %s", n.Name, strings.Join(hc.Queues, ", "))
	default:
		v.ok("%s leads no classic mirrored queue without a synchronised mirror (asked %s itself)", n.Name, n.Name)
	}
}

// drained: the node is in maintenance mode, where the cluster reports it.
func drained(node string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether "+node+" is drained", err.Error())
		}
		n, ok := findNode(nodes, node)
		var v verdict
		switch {
		case !ok:
			v.fail("%s is not a member of this cluster", node)
		case isDown(n):
			v.fail("%s is not running: drain expects a running node", node)
		case n.Maintenance == model.MaintenanceOn:
			v.ok("the cluster reports %s in maintenance mode", node)
		case n.Maintenance == model.MaintenanceOff:
			v.wait("the cluster reports %s still serving (not in maintenance)", node)
		default:
			// The listener health checks still pass on a drained 3.10 node
			// (its listeners are suspended, not removed), so they prove
			// nothing here: the drain command's exit code, journaled with
			// the action, is the evidence this version allows.
			v.ok("this version does not report maintenance mode over HTTP; the drain command's journaled exit code (or the operator's confirmation) is the evidence that %s is drained", node)
		}
		return v.result(env, node+" is drained", node+" cannot be drained", node+" is not drained yet")
	}
}

// stopped: the cluster reports the node not running.
func stopped(node string) func(context.Context, Env) Result {
	return runState(node, true, "stopped", node+" is stopped", node+" is still running")
}

// started: the cluster reports the node running again.
func started(node string) func(context.Context, Env) Result {
	return runState(node, false, "started", node+" is running", node+" has not started yet")
}

// runState passes once the cluster reports node down (wantDown) or up, and
// waits otherwise; a node the cluster does not know fails.
func runState(node string, wantDown bool, verb, passSummary, waitSummary string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether "+node+" "+verb, err.Error())
		}
		n, ok := findNode(nodes, node)
		down := isDown(n)
		var v verdict
		switch {
		case !ok:
			v.fail("%s is not a member of this cluster", node)
		case down && wantDown:
			v.ok("the cluster reports %s not running", node)
		case !down && !wantDown:
			v.ok("the cluster reports %s %s", node, n.State)
		case wantDown:
			v.wait("%s is still %s", node, n.State)
		default:
			v.wait("%s is not running yet", node)
		}
		return v.result(env, passSummary, node+" is unknown", waitSummary)
	}
}

// booted: the node answers on its own management listener.
func booted(node string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether "+node+" booted", err.Error())
		}
		var v verdict
		if n, ok := findNode(nodes, node); !ok || isDown(n) {
			v.wait("%s is not running yet", node)
		} else if hc := env.Cluster.NodeHealth(ctx, node, "local-alarms"); hc.Error != "" {
			v.wait("%s does not answer on its own listener yet: %s", node, hc.Error)
		} else {
			v.ok("%s runs and answers on its own management listener", node)
		}
		return v.result(env, node+" has booted", "", node+" is still booting")
	}
}

// listeners checks the node's protocol listeners, node-locally.
func listeners(ctx context.Context, env Env, v *verdict, node string, protocols []string) {
	for _, p := range protocols {
		hc := env.Cluster.NodeHealth(ctx, node, "protocol-listener/"+p)
		switch {
		case hc.OK:
			v.ok("%s listens for %s", node, p)
		case hc.Error != "":
			v.wait("the %s listener check on %s could not run yet: %s", p, node, hc.Error)
		default:
			v.wait("%s has no %s listener: %s", node, p, hc.Reason)
		}
	}
}

// revived: out of maintenance, listeners up.
func revived(node string, protocols []string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := liveNodes(ctx, env)
		if err != nil {
			return failResult(env, "cannot tell whether "+node+" is revived", err.Error())
		}
		var v verdict
		n, ok := findNode(nodes, node)
		switch {
		case !ok || isDown(n):
			v.fail("%s is not running", node)
		case n.Maintenance == model.MaintenanceOn:
			v.wait("the cluster reports %s still in maintenance mode", node)
		default:
			listeners(ctx, env, &v, node, protocols)
		}
		return v.result(env, node+" is out of maintenance and serves", node+" cannot be revived", node+" does not serve yet")
	}
}
