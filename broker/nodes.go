package broker

import (
	"context"
	"sync"
	"time"

	"github.com/warren-sre/warren/model"
)

// nodeColumns keeps /api/nodes to what warren shows (10.8 KB instead of 23).
const nodeColumns = "name,type,running,being_drained,uptime,mem_used,mem_limit,mem_alarm," +
	"disk_free,disk_free_limit,disk_free_alarm,fd_used,fd_total,partitions,config_files,db_dir," +
	"enabled_plugins,applications,rabbitmq_version,erlang_version"

// apiNode is the subset of /api/nodes warren reads.
type apiNode struct {
	Name          string   `json:"name"`
	Running       bool     `json:"running"`
	BeingDrained  *bool    `json:"being_drained"` // absent on 3.10
	Uptime        int64    `json:"uptime"`
	MemUsed       int64    `json:"mem_used"`
	MemLimit      int64    `json:"mem_limit"`
	MemAlarm      bool     `json:"mem_alarm"`
	DiskFree      int64    `json:"disk_free"`
	DiskFreeLimit int64    `json:"disk_free_limit"`
	DiskAlarm     bool     `json:"disk_free_alarm"`
	FDUsed        int64    `json:"fd_used"`
	FDTotal       int64    `json:"fd_total"`
	Partitions    []string `json:"partitions"`
	ConfigFiles   []string `json:"config_files"`
	DBDir         string   `json:"db_dir"`
	Plugins       []string `json:"enabled_plugins"`
	RabbitVersion string   `json:"rabbitmq_version"` // 4.2.4+
	ErlangVersion string   `json:"erlang_version"`   // 4.2.4+
	Applications  []struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"applications"`
}

func (a apiNode) toModel() model.Node {
	n := model.Node{
		Name: a.Name, Running: a.Running, State: model.NodeDown,
		Uptime:  time.Duration(a.Uptime) * time.Millisecond,
		MemUsed: a.MemUsed, MemLimit: a.MemLimit, MemAlarm: a.MemAlarm,
		DiskFree: a.DiskFree, DiskFreeLimit: a.DiskFreeLimit, DiskAlarm: a.DiskAlarm,
		FDUsed: a.FDUsed, FDTotal: a.FDTotal, Partitions: a.Partitions,
		ConfigFiles: a.ConfigFiles, DataDir: a.DBDir, EnabledPlugins: a.Plugins,
		RabbitVersion: a.RabbitVersion, ErlangVersion: a.ErlangVersion,
	}
	if n.Partitions == nil {
		n.Partitions = []string{}
	}
	// Before 4.2.4 the per-node version is only the rabbit application's.
	for _, app := range a.Applications {
		if app.Name == "rabbit" && n.RabbitVersion == "" {
			n.RabbitVersion = app.Version
		}
	}
	if a.BeingDrained != nil {
		n.Maintenance = model.MaintenanceOff
		if *a.BeingDrained {
			n.Maintenance = model.MaintenanceOn
		}
	}
	switch {
	case !a.Running:
		n.Reason = "the cluster reports it not running"
	case n.Maintenance == model.MaintenanceOn:
		n.State = model.NodeMaintenance
	default:
		n.State = model.NodeRunning
	}
	return n
}

// Nodes reads every node's state. Cluster-wide /api/nodes can hang for a
// minute when one node is frozen, so each node's own listener is probed in
// parallel too (a node-local check): a node that does not answer its own
// probe is unreachable even while the cluster still calls it running, and
// the others keep reporting when /api/nodes times out.
//
// Name discovery, the probes and the list run side by side (names are only
// needed to merge), so the read takes one timeout at most, not two.
func (c *Cluster) Nodes(ctx context.Context) model.NodesSample {
	start := c.now()
	var probes []probe
	var wg sync.WaitGroup
	wg.Go(func() { c.discoverNames(ctx) })
	wg.Go(func() { probes = c.probeAll(ctx) })
	var list []apiNode
	err := c.anyNode(ctx, func(nc *nodeClient) error {
		return nc.get(ctx, "nodes?columns="+nodeColumns, &list)
	})
	wg.Wait()
	nodes := c.mergeProbes(list, probes, err)
	c.askOwnVersions(ctx, nodes)
	s := model.NodesSample{At: c.now(), Took: c.now().Sub(start), Value: nodes}
	if err != nil && len(nodes) == 0 {
		s.Err = err.Error()
	}
	return s
}

// askOwnVersions asks each running node whose version the cluster-wide
// list left out for its own: in a mixed 3.8.9/3.10.8 cluster the node
// answering /api/nodes lists no applications for the others (seen here),
// and "which version does this node run" is what a rolling block verifies.
// Only those nodes are asked, each its own listener, in parallel.
func (c *Cluster) askOwnVersions(ctx context.Context, nodes []model.Node) {
	var wg sync.WaitGroup
	for i := range nodes {
		n := &nodes[i]
		nc, ok := c.clientFor(n.Name)
		if n.RabbitVersion != "" || !n.Running || n.ProbeOnly || !ok {
			continue
		}
		wg.Go(func() {
			var ov struct {
				Node    string `json:"node"`
				Version string `json:"rabbitmq_version"`
			}
			if nc.get(ctx, "overview?columns=node,rabbitmq_version", &ov) == nil && ov.Node == n.Name && ov.Version != "" {
				n.RabbitVersion = ov.Version
				c.learnVersion(n.Name, ov.Version)
			}
		})
	}
	wg.Wait()
}

// probe is one node's answer to a cheap node-local request.
type probe struct {
	index int
	err   error
}

func (c *Cluster) probeAll(ctx context.Context) []probe {
	out := make([]probe, len(c.clients))
	var wg sync.WaitGroup
	for i, nc := range c.clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = probe{index: i, err: c.probeNode(ctx, i, nc)}
		}()
	}
	wg.Wait()
	return out
}

// probeNode asks endpoint i's own listener whether it answers. A failed
// local-alarms check is an answer: the node has an alarm, but it is alive.
func (c *Cluster) probeNode(ctx context.Context, i int, nc *nodeClient) error {
	if model.Has(c.versionOf(c.nodeName(i)), model.HealthChecksAPI) {
		a := nc.health(ctx, "health/checks/local-alarms")
		if !a.missing {
			return a.err
		}
	}
	// Without /api/health/checks (before 3.8.10) the only node-local health
	// endpoint, /api/healthchecks/node, lists every channel and queue of the
	// node: too heavy for a probe every second. whoami is answered by the
	// node's own listener without touching any other node.
	var who struct {
		Name string `json:"name"`
	}
	return nc.get(ctx, "whoami", &who)
}

// mergeProbes combines the cluster's view with each node's own answer,
// and records the version each node reports.
func (c *Cluster) mergeProbes(list []apiNode, probes []probe, listErr error) []model.Node {
	byName := map[string]model.Node{}
	var order []string
	for _, a := range list {
		n := a.toModel()
		c.learnVersion(n.Name, n.RabbitVersion)
		byName[a.Name] = n
		order = append(order, a.Name)
	}
	for _, p := range probes {
		name := c.nodeName(p.index)
		n, known := byName[name]
		if !known {
			n = model.Node{Name: name, Partitions: []string{}}
			order = append(order, name)
			if p.err == nil {
				n.State, n.Running, n.ProbeOnly = model.NodeRunning, true, true
				n.Reason = "answers its own probe; not in the cluster-wide node list"
				if listErr != nil {
					n.Reason = "answers its own probe; cluster-wide query failed: " + listErr.Error()
				}
			}
		}
		if p.err != nil && n.State != model.NodeDown {
			n.State = model.NodeUnreachable
			n.Reason = p.err.Error()
		}
		byName[name] = n
	}
	nodes := make([]model.Node, 0, len(order))
	for _, name := range order {
		nodes = append(nodes, byName[name])
	}
	return nodes
}

// discoverNames asks each endpoint whose node name is unknown which node it
// is. Names given in the target are trusted; this runs until all are known.
func (c *Cluster) discoverNames(ctx context.Context) {
	var wg sync.WaitGroup
	for i, nc := range c.clients {
		if c.nodeName(i) != nc.base.Host {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			var ov struct {
				Node    string `json:"node"`
				Version string `json:"rabbitmq_version"` // the answering node's
			}
			if nc.get(ctx, "overview?columns=node,rabbitmq_version", &ov) == nil {
				c.learnName(i, ov.Node)
				c.learnVersion(ov.Node, ov.Version)
			}
		}()
	}
	wg.Wait()
}
