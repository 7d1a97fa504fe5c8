package steps

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Inventory is what the cluster looked like before the upgrade, saved in
// the run directory as inventory.json.
type Inventory struct {
	TakenAt      time.Time              `json:"taken_at"`
	ClusterName  string                 `json:"cluster_name"`
	Nodes        []InventoryNode        `json:"nodes"`
	Objects      model.DefinitionCounts `json:"objects"`
	Messages     int64                  `json:"messages"`
	Ready        int64                  `json:"messages_ready"`
	Unacked      int64                  `json:"messages_unacknowledged"`
	Connections  int                    `json:"connections"`
	FeatureFlags []model.FeatureFlag    `json:"feature_flags"`
	Partitions   []string               `json:"partitions"`
	// Queues are every queue (warren's canary aside) with its depth: what
	// a rollback must give back.
	Queues []InventoryQueue `json:"queues"`
}

// InventoryQueue is one queue and the messages it held.
type InventoryQueue struct {
	VHost    string `json:"vhost"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Durable  bool   `json:"durable"`
	Messages int64  `json:"messages"`
	// State and Node are the listing's: a queue whose process stopped
	// still lists the messages it last counted.
	State string `json:"state,omitempty"`
	Node  string `json:"node,omitempty"`
	// ReadyAsked is the queue's own count of ready messages when the
	// inventory was taken (nil: not asked, or it did not answer); see
	// askInventoryQueues.
	ReadyAsked *int64 `json:"ready_asked,omitempty"`
}

// Key is the queue's vhost/name.
func (q InventoryQueue) Key() string { return q.VHost + "/" + q.Name }

// inventoryQueues reads every queue's depth, leaving warren's canary out.
func inventoryQueues(ctx context.Context, c Cluster) ([]InventoryQueue, error) {
	list, err := c.QueueDepths(ctx)
	if err != nil {
		return nil, err
	}
	out := []InventoryQueue{}
	for _, q := range list {
		if !model.IsCanaryQueue(q.Name) {
			out = append(out, InventoryQueue{VHost: q.VHost, Name: q.Name, Type: q.Type, Durable: q.Durable, Messages: q.Messages,
				State: q.State, Node: q.Node})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out, nil
}

// InventoryNode is one node's versions, plugins and paths.
type InventoryNode struct {
	Name          string   `json:"name"`
	State         string   `json:"state"`
	RabbitVersion string   `json:"rabbitmq_version"`
	ErlangVersion string   `json:"erlang_version,omitempty"`
	ErlangSource  string   `json:"erlang_source"`
	Plugins       []string `json:"enabled_plugins"`
	ConfigFiles   []string `json:"config_files"`
	DataDir       string   `json:"data_dir"`
}

func inventoryStep(cfg PrepConfig) Step {
	return Step{
		ID: "prep.inventory", Phase: Preparation, Title: "Inventory the cluster",
		Why:      "versions, plugins, flags and object counts before the upgrade: the reference every later check and the post-upgrade comparison use",
		Commands: [][]string{{"rabbitmqctl", "cluster_status"}, {"rabbitmqctl", "list_feature_flags"}, {"rabbitmq-plugins", "list", "-E"}},
		Check: func(ctx context.Context, env Env) Result {
			return stampResult(env, collectInventory(ctx, cfg, env))
		},
	}
}

func collectInventory(ctx context.Context, cfg PrepConfig, env Env) Result {
	s := env.Snapshot
	switch {
	case !s.Nodes.OK():
		return Result{Verdict: Fail, Summary: "node list not read: " + cmp.Or(s.Nodes.Err, "no snapshot yet")}
	case !s.Overview.OK():
		return Result{Verdict: Fail, Summary: "overview not read: " + cmp.Or(s.Overview.Err, "no snapshot yet")}
	case !s.Flags.OK():
		return Result{Verdict: Fail, Summary: "feature flags not read: " + cmp.Or(s.Flags.Err, "no snapshot yet")}
	case env.Cluster == nil:
		return Result{Verdict: Fail, Summary: errNoCluster.Error()}
	}
	if err := runDirOK(cfg.RunDir); err != nil {
		return Result{Verdict: Fail, Summary: err.Error()}
	}
	counts, err := env.Cluster.LiveDefinitionCounts(ctx)
	if err != nil {
		return Result{Verdict: Fail, Summary: "object counts not read: " + err.Error()}
	}
	inv := buildInventory(s, counts, cfg.Now())
	if missing := nodesWithoutDataDir(inv); len(missing) > 0 {
		// Every node's backup after it stops archives the directory named
		// here: an inventory without it would stop the run at that node.
		return Result{Verdict: Wait, Summary: "data directory not reported yet by " + strings.Join(missing, ", "),
			Remedy: "a node that just started reports its paths with its first statistics; wait, or check that it runs"}
	}
	if inv.Queues, err = inventoryQueues(ctx, env.Cluster); err != nil {
		return Result{Verdict: Fail, Summary: "queue depths not read: " + err.Error()}
	}
	asked := askInventoryQueues(ctx, env.Cluster, inv.Queues)
	path := filepath.Join(cfg.RunDir, InventoryFile)
	if err := writeJSONFile(path, inv); err != nil {
		return Result{Verdict: Fail, Summary: "inventory not saved: " + err.Error()}
	}
	return Result{Verdict: Pass, Summary: fmt.Sprintf("%d node(s), %d queues, %d messages; saved to %s", len(inv.Nodes), counts.Queues, inv.Messages, path),
		Evidence: append(inventoryEvidence(inv), asked)}
}

// nodesWithoutDataDir lists the nodes whose data directory the snapshot
// did not carry.
func nodesWithoutDataDir(inv Inventory) []string {
	var out []string
	for _, n := range inv.Nodes {
		if n.DataDir == "" {
			out = append(out, n.Name)
		}
	}
	return out
}

func buildInventory(s model.Snapshot, counts model.DefinitionCounts, now time.Time) Inventory {
	ov := s.Overview.Value
	inv := Inventory{TakenAt: now, ClusterName: ov.ClusterName, Objects: counts, Messages: ov.Messages, Ready: ov.Ready,
		Unacked: ov.Unacked, Connections: ov.Connections, FeatureFlags: s.Flags.Value, Partitions: []string{}}
	erl := map[string]model.NodeErlang{}
	for _, e := range model.ErlangVersions(s) {
		erl[e.Node] = e
	}
	for _, n := range s.Nodes.Value {
		inv.Nodes = append(inv.Nodes, InventoryNode{Name: n.Name, State: n.State.String(), RabbitVersion: n.RabbitVersion,
			ErlangVersion: erl[n.Name].Version, ErlangSource: cmp.Or(erl[n.Name].Source, "unknown"),
			Plugins: n.EnabledPlugins, ConfigFiles: n.ConfigFiles, DataDir: n.DataDir})
		for _, p := range n.Partitions {
			inv.Partitions = append(inv.Partitions, n.Name+" ↔ "+p)
		}
	}
	sort.Strings(inv.Partitions)
	return inv
}

func inventoryEvidence(inv Inventory) []string {
	ev := []string{"cluster " + cmp.Or(inv.ClusterName, "(unnamed)"), inv.Objects.String(),
		fmt.Sprintf("messages %d (ready %d, unacked %d), %d connections", inv.Messages, inv.Ready, inv.Unacked, inv.Connections)}
	for _, n := range inv.Nodes {
		ev = append(ev, fmt.Sprintf("%s: %s, RabbitMQ %s, Erlang %s (%s), plugins %v", n.Name, n.State, cmp.Or(n.RabbitVersion, "?"),
			cmp.Or(n.ErlangVersion, "?"), n.ErlangSource, n.Plugins))
	}
	enabled := 0
	for _, f := range inv.FeatureFlags {
		if f.Enabled() {
			enabled++
		}
	}
	ev = append(ev, fmt.Sprintf("feature flags: %d of %d enabled", enabled, len(inv.FeatureFlags)))
	if len(inv.Partitions) > 0 {
		ev = append(ev, "partitions: "+fmt.Sprint(inv.Partitions))
	}
	return ev
}
