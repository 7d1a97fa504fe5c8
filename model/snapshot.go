package model

import (
	"fmt"
	"time"
)

// NodeState is what warren believes about a node right now. It is shown with
// a word and a glyph, never by colour alone.
type NodeState int

const (
	NodeUnknown     NodeState = iota // not heard from yet
	NodeRunning                      // the API says running
	NodeGoingDown                    // our AMQP link to it dropped; the API has not caught up
	NodeDown                         // the API says not running
	NodeMaintenance                  // under maintenance (drained)
	NodeUnreachable                  // its own API did not answer in time (frozen, partitioned)
	NodeFrozen                       // our AMQP link's probe got no answer: the node holds its sockets and says nothing
)

var nodeStateWords = map[NodeState]string{
	NodeUnknown: "unknown", NodeRunning: "running", NodeGoingDown: "going down",
	NodeDown: "down", NodeMaintenance: "maintenance", NodeUnreachable: "unreachable",
	NodeFrozen: "frozen",
}

func (s NodeState) String() string { return nodeStateWords[s] }

// MarshalText lets JSON carry the word, which is stable for scripts.
func (s NodeState) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the word back (recorded snapshots, fixtures).
func (s *NodeState) UnmarshalText(b []byte) error {
	for state, word := range nodeStateWords {
		if word == string(b) {
			*s = state
			return nil
		}
	}
	return fmt.Errorf("unknown node state %q", b)
}

// Maintenance is tri-state because 3.10 does not report it over HTTP.
type Maintenance string

const (
	MaintenanceUnknown Maintenance = ""
	MaintenanceOff     Maintenance = "off"
	MaintenanceOn      Maintenance = "on"
)

// Node is one cluster member as seen by the management API.
type Node struct {
	Name           string        `json:"name"`
	State          NodeState     `json:"state"`
	Running        bool          `json:"running"`
	RabbitVersion  string        `json:"rabbitmq_version,omitempty"`
	ErlangVersion  string        `json:"erlang_version,omitempty"`
	Uptime         time.Duration `json:"uptime_ns,omitempty"`
	MemUsed        int64         `json:"mem_used,omitempty"`
	MemLimit       int64         `json:"mem_limit,omitempty"`
	MemAlarm       bool          `json:"mem_alarm"`
	DiskFree       int64         `json:"disk_free,omitempty"`
	DiskFreeLimit  int64         `json:"disk_free_limit,omitempty"`
	DiskAlarm      bool          `json:"disk_free_alarm"`
	FDUsed         int64         `json:"fd_used,omitempty"`
	FDTotal        int64         `json:"fd_total,omitempty"`
	Partitions     []string      `json:"partitions"`
	Maintenance    Maintenance   `json:"maintenance,omitempty"`
	ConfigFiles    []string      `json:"config_files,omitempty"`
	DataDir        string        `json:"data_dir,omitempty"`
	EnabledPlugins []string      `json:"enabled_plugins,omitempty"`
	// ProbeOnly: the node answered its own probe but the cluster-wide node
	// list was not read, so its alarms, partitions and version are unknown.
	// Such a node is alive, not healthy: verdicts count it as not checked.
	ProbeOnly bool `json:"probe_only,omitempty"`
	// Reason explains a state other than running (e.g. the timeout that made
	// it unreachable, or "AMQP connection closed: CONNECTION_FORCED").
	Reason string `json:"reason,omitempty"`
}

// Alarms lists the node's active resource alarms by name.
func (n Node) Alarms() []string {
	var alarms []string
	if n.MemAlarm {
		alarms = append(alarms, "memory")
	}
	if n.DiskAlarm {
		alarms = append(alarms, "disk")
	}
	return alarms
}

// Overview is the cluster-wide summary from /api/overview.
type Overview struct {
	ClusterName       string  `json:"cluster_name"`
	RabbitVersion     string  `json:"rabbitmq_version"`
	ErlangVersion     string  `json:"erlang_version"`
	ManagementVersion string  `json:"management_version"`
	ServedBy          string  `json:"served_by"` // the versions are this node's
	Messages          int64   `json:"messages"`
	Ready             int64   `json:"messages_ready"`
	Unacked           int64   `json:"messages_unacknowledged"`
	Queues            int     `json:"queues"`
	Connections       int     `json:"connections"`
	Channels          int     `json:"channels"`
	Consumers         int     `json:"consumers"`
	Exchanges         int     `json:"exchanges"`
	PublishRate       float64 `json:"publish_rate"`
	DeliverRate       float64 `json:"deliver_rate"`
}

// Queue is one queue's depth and placement.
type Queue struct {
	Name       string   `json:"name"`
	VHost      string   `json:"vhost"`
	Type       string   `json:"type"` // classic, quorum, stream
	Durable    bool     `json:"durable"`
	AutoDelete bool     `json:"auto_delete"`
	Exclusive  bool     `json:"exclusive"`
	Messages   int64    `json:"messages"`
	Ready      int64    `json:"messages_ready"`
	Unacked    int64    `json:"messages_unacknowledged"`
	Consumers  int      `json:"consumers"`
	Node       string   `json:"node,omitempty"`
	Leader     string   `json:"leader,omitempty"`
	Members    []string `json:"members,omitempty"`
	Online     []string `json:"online,omitempty"`
	State      string   `json:"state,omitempty"`
	Policy     string   `json:"policy,omitempty"`
	// Arguments are the x- arguments the queue was declared with; read by
	// the pre-flight listing only (4.3 refuses x-queue-mode, x-queue-version=1).
	Arguments map[string]any `json:"arguments,omitempty"`
}

// Key identifies a queue across samples.
func (q Queue) Key() string { return q.VHost + "/" + q.Name }

// IsQuorum reports whether the queue is a quorum queue.
func (q Queue) IsQuorum() bool { return q.Type == "quorum" }

// Connection is one client connection and what the client says it is.
type Connection struct {
	Name         string `json:"name"`
	Node         string `json:"node"`
	User         string `json:"user"`
	VHost        string `json:"vhost"`
	PeerHost     string `json:"peer_host"`
	Protocol     string `json:"protocol"`
	Product      string `json:"product"`
	Version      string `json:"version"`
	Platform     string `json:"platform"`
	ProvidedName string `json:"connection_name,omitempty"`
	// FrameMax is the negotiated frame_max (0 when not reported): from 4.1
	// a client that asks for less than 8192 cannot connect.
	FrameMax int `json:"frame_max,omitempty"`
}

// FeatureFlag is one feature flag and its state.
type FeatureFlag struct {
	Name       string `json:"name"`
	State      string `json:"state"` // enabled, disabled, unavailable
	Stability  string `json:"stability"`
	ProvidedBy string `json:"provided_by,omitempty"`
	Desc       string `json:"desc,omitempty"`
}

// Enabled reports whether the flag is on.
func (f FeatureFlag) Enabled() bool { return f.State == "enabled" }

// Policy is a policy with the definition keys warren inspects.
type Policy struct {
	Name       string         `json:"name"`
	VHost      string         `json:"vhost"`
	Pattern    string         `json:"pattern"`
	ApplyTo    string         `json:"apply-to"` // the management API's own name
	Definition map[string]any `json:"definition"`
	Priority   int            `json:"priority"`
}

// HealthCheck is the answer of one node-local health check on one node.
type HealthCheck struct {
	Node   string   `json:"node"`
	Check  string   `json:"check"` // e.g. alarms, node-is-quorum-critical
	OK     bool     `json:"ok"`
	Reason string   `json:"reason,omitempty"`
	Queues []string `json:"queues,omitempty"` // e.g. queues that would lose quorum
	// Error is set when the check could not run; gates treat it as a failure.
	Error string `json:"error,omitempty"`
	// Source is the endpoint that answered, e.g. /api/health/checks/alarms,
	// or /api/nodes on a version without the health-check endpoints.
	Source string `json:"source,omitempty"`
}
