package broker

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/warren-sre/warren/model"
)

// legacyHealth answers a health check on a node without /api/health/checks
// (RabbitMQ before 3.8.10) from the endpoints that version has, and names
// the one used in Source. Each keeps the meaning of the check it replaces.
func (c *Cluster) legacyHealth(ctx context.Context, nc *nodeClient, hc model.HealthCheck) model.HealthCheck {
	var err error
	switch check := hc.Check; {
	case check == "local-alarms":
		// Runs on the node asked and fails on its resource alarms (it also
		// lists the node's channels and queues: too heavy for a probe, fine
		// for the health poll).
		hc.Source = "/api/healthchecks/node"
		fillHealth(&hc, nc.health(ctx, "healthchecks/node"))
		return hc
	case check == "alarms":
		hc.Source = "/api/nodes"
		var nodes []legacyAlarms
		if err = nc.get(ctx, "nodes?columns=name,mem_alarm,disk_free_alarm", &nodes); err == nil {
			clusterAlarms(&hc, nodes)
		}
	case check == "virtual-hosts":
		hc.Source = "/api/vhosts"
		var vhosts []legacyVHost
		if err = nc.get(ctx, "vhosts?columns=name,cluster_state", &vhosts); err == nil {
			vhostsRunning(&hc, vhosts)
		}
	case check == "node-is-quorum-critical":
		hc.Source = "/api/queues"
		err = c.legacyQuorumCritical(ctx, nc, &hc)
	case check == "node-is-mirror-sync-critical":
		hc.Source = "/api/queues"
		var queues []legacyMirrored
		if err = nc.get(ctx, "queues?columns=name,vhost,type,node,slave_nodes,synchronised_slave_nodes", &queues); err == nil {
			mirrorSyncCritical(&hc, queues)
		}
	case strings.HasPrefix(check, "protocol-listener/"):
		hc.Source = "/api/overview"
		var ov legacyListeners
		if err = nc.get(ctx, "overview?columns=listeners", &ov); err == nil {
			listening(&hc, strings.Split(strings.TrimPrefix(check, "protocol-listener/"), ","), ov)
		}
	default:
		// Fails closed: a gate that needs this check cannot pass without it.
		err = fmt.Errorf("RabbitMQ %s has no /api/health/checks/%s (HTTP 404 or before %s) and warren knows no other source for it",
			versionWord(c.versionOf(hc.Node)), check, model.FeatureSince(model.HealthChecksAPI))
	}
	if err != nil {
		hc.Error = err.Error()
	}
	return hc
}

func versionWord(v model.Version) string {
	if v.IsZero() {
		return "(version unknown)"
	}
	return v.String()
}

type legacyAlarms struct {
	Name      string `json:"name"`
	MemAlarm  bool   `json:"mem_alarm"`
	DiskAlarm bool   `json:"disk_free_alarm"`
}

// clusterAlarms is the "alarms" check from /api/nodes: no alarm anywhere.
func clusterAlarms(hc *model.HealthCheck, nodes []legacyAlarms) {
	for _, n := range nodes {
		if n.MemAlarm {
			hc.Queues = append(hc.Queues, "memory alarm on "+n.Name)
		}
		if n.DiskAlarm {
			hc.Queues = append(hc.Queues, "disk space alarm on "+n.Name)
		}
	}
	hc.OK = len(hc.Queues) == 0
	if !hc.OK {
		hc.Reason = "There are alarms in effect in the cluster"
	}
}

type legacyVHost struct {
	Name         string            `json:"name"`
	ClusterState map[string]string `json:"cluster_state"` // node → running, stopped, nodedown
}

// vhostsRunning is the "virtual-hosts" check from /api/vhosts: every
// virtual host runs on the node.
func vhostsRunning(hc *model.HealthCheck, vhosts []legacyVHost) {
	for _, v := range vhosts {
		if state := v.ClusterState[hc.Node]; state != "running" {
			hc.Queues = append(hc.Queues, fmt.Sprintf("vhost %s: %s", v.Name, cmp.Or(state, "not reported")))
		}
	}
	hc.OK = len(hc.Queues) == 0
	if !hc.OK {
		hc.Reason = "Some virtual hosts are not running on " + hc.Node
	}
}

type legacyQueue struct {
	Name    string   `json:"name"`
	VHost   string   `json:"vhost"`
	Type    string   `json:"type"`
	Members []string `json:"members"`
	Online  []string `json:"online"`
}

func (c *Cluster) legacyQuorumCritical(ctx context.Context, nc *nodeClient, hc *model.HealthCheck) error {
	var nodes []struct {
		Name string `json:"name"`
	}
	if err := nc.get(ctx, "nodes?columns=name", &nodes); err != nil {
		return err
	}
	var queues []legacyQueue
	// Listing every queue is the cost of not having the endpoint. Unsorted
	// and without stats columns it is cheap, so it keeps the request
	// timeout: a frozen node must not hold a status for the ranking's 30 s.
	if err := nc.get(ctx, "queues?columns=name,vhost,type,members,online", &queues); err != nil {
		return err
	}
	quorumCritical(hc, len(nodes), queues)
	return nil
}

// quorumCritical applies RabbitMQ's own rule (rabbit_quorum_queue:
// filter_quorum_critical): a quorum queue with a member on the node is
// critical when no more of its members are online than its quorum
// (members/2+1), so that stopping the node could leave it without one. A
// single-node cluster is never critical, as the endpoint says on later
// versions. warren's canary queues are left out (see fillHealth).
func quorumCritical(hc *model.HealthCheck, clusterSize int, queues []legacyQueue) {
	hc.OK = true
	if clusterSize == 1 {
		hc.Reason = "single node cluster"
		return
	}
	for _, q := range queues {
		if q.Type != "quorum" || model.IsCanaryQueue(q.Name) || !slices.Contains(q.Members, hc.Node) {
			continue
		}
		if len(q.Online) <= len(q.Members)/2+1 {
			hc.Queues = append(hc.Queues, fmt.Sprintf("%s (vhost %s)", q.Name, q.VHost))
		}
	}
	if len(hc.Queues) > 0 {
		hc.OK = false
		hc.Reason = "There are quorum queues that would lose their quorum if the target node is shut down"
	}
}

// legacyMirrored is a classic queue's master and mirrors, as /api/queues
// lists them before 4.0.
type legacyMirrored struct {
	Name   string   `json:"name"`
	VHost  string   `json:"vhost"`
	Type   string   `json:"type"`
	Node   string   `json:"node"`
	Mirror []string `json:"slave_nodes"`
	Synced []string `json:"synchronised_slave_nodes"`
}

// mirrorSyncCritical applies RabbitMQ's own rule (the endpoint's, from
// 3.8.10: rabbit_amqqueue's local mirrored classic queues without
// synchronised mirrors): a mirrored classic queue whose master is on the
// node and that has no synchronised mirror loses messages if the node stops.
func mirrorSyncCritical(hc *model.HealthCheck, queues []legacyMirrored) {
	hc.OK = true
	for _, q := range queues {
		if q.Type != "classic" || q.Node != hc.Node || len(q.Mirror) == 0 || len(q.Synced) > 0 {
			continue
		}
		hc.Queues = append(hc.Queues, fmt.Sprintf("%s (vhost %s)", q.Name, q.VHost))
	}
	if len(hc.Queues) > 0 {
		hc.OK = false
		hc.Reason = "There are classic mirrored queues without online synchronised mirrors"
	}
}

type legacyListeners struct {
	Listeners []struct {
		Node     string `json:"node"`
		Protocol string `json:"protocol"`
		Port     int    `json:"port"`
	} `json:"listeners"`
}

// tlsListenerNames are the names /api/overview gives TLS listeners for the
// names the health check takes (rabbitmq_cli's normalize_protocol).
var tlsListenerNames = map[string]string{"amqps": "amqp/ssl", "mqtts": "mqtt/ssl", "stomps": "stomp/ssl"}

// listening is the "protocol-listener" check from /api/overview: the node
// has a listener for every protocol asked.
func listening(hc *model.HealthCheck, protocols []string, ov legacyListeners) {
	for _, p := range protocols {
		name := cmp.Or(tlsListenerNames[p], p)
		found := false
		for _, l := range ov.Listeners {
			found = found || (l.Node == hc.Node && l.Protocol == name)
		}
		if !found {
			hc.Queues = append(hc.Queues, "no "+p+" listener on "+hc.Node)
		}
	}
	hc.OK = len(hc.Queues) == 0
	if !hc.OK {
		hc.Reason = "No active listener for protocol " + strings.Join(protocols, ",")
	}
}
