package steps

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// queueServes: the listing's state of a queue whose process serves. A
// classic queue stopped on its node ("stopped", "crashed"), or a queue whose
// node is down, still lists the messages it last counted. "" is a version
// or listing that says nothing.
func queueServes(state string) bool {
	switch state {
	case "stopped", "crashed", "down", "terminated", "minority":
		return false
	}
	return true
}

// stoppedQueues lists the queues that served at the inventory and do not
// now, and the nodes they live on. After a node is put back from its
// archive, RabbitMQ can leave a classic queue of that node stopped
// ("process is stopped by supervisor") while its listing still shows its
// messages: seen on 4.0.5 rolled back from a 4.3.6 that refused to join.
func stoppedQueues(before, after []InventoryQueue) (diffs, nodes []string) {
	was := byKey(before)
	for _, a := range after {
		b, ok := was[a.Key()]
		if !ok || !queueServes(b.State) || queueServes(a.State) {
			continue
		}
		diffs = append(diffs, fmt.Sprintf("queue %s on %s is %s (was %s): it serves nothing; the %d messages listed are its last count",
			a.Key(), a.Node, a.State, b.State, a.Messages))
		if a.Node != "" && !slices.Contains(nodes, a.Node) {
			nodes = append(nodes, a.Node)
		}
	}
	return diffs, nodes
}

// restartRemedy says how such queues come back: a restart of the RabbitMQ
// application on their node recovers them from its files (checked on the
// 4.0.5 lab where it happens).
func restartRemedy(nodes []string) string {
	var cmds []string
	for _, n := range nodes {
		cmds = append(cmds, fmt.Sprintf("rabbitmqctl -n %s stop_app && rabbitmqctl -n %s start_app", n, n))
	}
	how := "restart the RabbitMQ application on the node that holds each queue"
	if len(cmds) > 0 {
		how += " (" + strings.Join(cmds, "; ") + ")"
	}
	return how + ": its boot recovers the queue from its files; then check again, or acknowledge with why"
}

// SettleWindow is how long every node must have run before the rollback's
// comparison may pass. Right after its boot a node's view is still
// settling: on 4.0.5 rolled back from a refused 4.3.6, the restored node's
// classic queue answered with its messages for a few seconds, then stopped
// (about 6 s after the boot), so a comparison in that moment passed a
// cluster that then served nothing from that queue.
const SettleWindow = 30 * time.Second

// settling lists the nodes that have not yet run for window (by the
// snapshot's uptime, which is up to one emission old: it errs towards
// waiting); ok is false when the node list was not read.
func settling(nodes model.NodesSample, window time.Duration) (young []string, ok bool) {
	if !nodes.OK() {
		return nil, false
	}
	for _, n := range nodes.Value {
		if n.Uptime < window {
			young = append(young, fmt.Sprintf("%s has run %s", n.Name, n.Uptime.Round(time.Second)))
		}
	}
	return young, true
}
