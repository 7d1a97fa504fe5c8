package model

import (
	"cmp"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Finding codes shared by `warren status`, `warren check` and the gates.
const (
	CodeNodeDown       = "NODE_DOWN"
	CodeAlarmActive    = "ALARM_ACTIVE"
	CodePartition      = "PARTITION"
	CodeQuorumCritical = "QUORUM_CRITICAL"
	CodeHealthCheck    = "HEALTH_CHECK_FAILED"
	CodeNotChecked     = "NOT_CHECKED"
)

// NodeFindings reports every node that is not running, with its reason,
// and fails closed on nodes seen only through their own probe: "healthy"
// needs the cluster-wide view (alarms, partitions), not just a live listener.
func NodeFindings(nodes []Node) []Finding {
	var out []Finding
	var unlisted []string
	for _, n := range nodes {
		if n.State == NodeRunning && n.ProbeOnly {
			unlisted = append(unlisted, n.Name+": "+cmp.Or(n.Reason, "not in the cluster-wide node list"))
		}
		if n.State == NodeRunning {
			continue
		}
		ev := fmt.Sprintf("%s: %s", n.Name, n.State)
		if n.Reason != "" {
			ev += " (" + n.Reason + ")"
		}
		out = append(out, Finding{
			Code: CodeNodeDown, Severity: Blocker, Title: "node " + n.Name + " is " + n.State.String(),
			Evidence: []string{ev},
			Remedy:   "bring the node back (rabbitmqctl -n " + n.Name + " await_startup) or find out why it left before any upgrade step",
		})
	}
	if len(unlisted) > 0 {
		out = append(out, Finding{
			Code: CodeNotChecked, Severity: Blocker, Title: "the cluster-wide node list was not read",
			Evidence: unlisted,
			Remedy:   "these nodes answer their own probe, but their alarms and partitions are unknown: find out why /api/nodes fails (often a frozen or partitioned peer) and check again",
		})
	}
	return out
}

// AlarmFindings reports memory and disk alarms per node.
func AlarmFindings(nodes []Node) []Finding {
	var out []Finding
	for _, n := range nodes {
		for _, a := range n.Alarms() {
			out = append(out, Finding{
				Code: CodeAlarmActive, Severity: Blocker, Title: a + " alarm on " + n.Name,
				Evidence: []string{fmt.Sprintf("%s: %s alarm (mem %d/%d, disk free %d/%d)", n.Name, a, n.MemUsed, n.MemLimit, n.DiskFree, n.DiskFreeLimit)},
				Remedy:   "publishers are blocked while an alarm is on: free memory or disk before continuing",
				Doc:      "https://www.rabbitmq.com/docs/alarms",
			})
		}
	}
	return out
}

// PartitionFindings reports network partitions seen by any node.
func PartitionFindings(nodes []Node) []Finding {
	var ev []string
	for _, n := range nodes {
		if len(n.Partitions) > 0 {
			ev = append(ev, n.Name+" is partitioned from "+strings.Join(n.Partitions, ", "))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return []Finding{{
		Code: CodePartition, Severity: Blocker, Title: "network partition", Evidence: ev,
		Remedy: "heal the partition (restart the minority side) before any upgrade step",
		Doc:    "https://www.rabbitmq.com/docs/partitions",
	}}
}

// HealthFindings turns failed node-local health checks into findings. A
// check that could not run is a finding too: gates fail closed.
func HealthFindings(checks []HealthCheck) []Finding {
	var out []Finding
	for _, hc := range checks {
		n := len(out)
		switch {
		case hc.Error != "":
			out = append(out, Finding{
				Code: CodeNotChecked, Severity: Warning, Title: hc.Check + " could not run on " + hc.Node,
				Evidence: []string{hc.Error},
			})
		case hc.OK:
		case hc.Check == "node-is-quorum-critical":
			ev := append([]string{hc.Node + ": " + hc.Reason}, hc.Queues...)
			out = append(out, Finding{
				Code: CodeQuorumCritical, Severity: Blocker, Title: "stopping " + hc.Node + " would lose quorum",
				Evidence: ev,
				Remedy:   "bring the other members back first; wait with: rabbitmq-upgrade -n " + hc.Node + " await_online_quorum_plus_one",
				Doc:      "https://www.rabbitmq.com/docs/upgrade#maintenance-mode",
			})
		default:
			out = append(out, Finding{
				Code: CodeHealthCheck, Severity: Blocker, Title: hc.Check + " failed on " + hc.Node,
				Evidence: append([]string{hc.Reason}, hc.Queues...),
			})
		}
		if len(out) > n && hc.Source != "" {
			out[n].Evidence = append(out[n].Evidence, "source: "+hc.Source)
		}
	}
	return out
}

// UnreadFindings fails closed on every concern of a one-shot snapshot that
// was not read (the node list and health checks are judged by
// HealthGroupFindings): a verdict is only as good as what was read.
func UnreadFindings(s Snapshot) []Finding {
	reads := []struct {
		what string
		at   time.Time
		err  string
	}{
		{"the cluster overview", s.Overview.At, s.Overview.Err},
		{"the queues", s.Queues.At, s.Queues.Err},
		{"the client connections", s.Connections.At, s.Connections.Err},
		{"the feature flags", s.Flags.At, s.Flags.Err},
	}
	var out []Finding
	for _, r := range reads {
		if r.err != "" || r.at.IsZero() {
			out = append(out, notChecked(r.what, cmp.Or(r.err, "not read")))
		}
	}
	return out
}

// SortFindings orders findings blockers first, then by code, for stable output.
func SortFindings(fs []Finding) {
	rank := map[Severity]int{Blocker: 0, Warning: 1, Info: 2}
	sort.SliceStable(fs, func(i, j int) bool {
		if rank[fs[i].Severity] != rank[fs[j].Severity] {
			return rank[fs[i].Severity] < rank[fs[j].Severity]
		}
		return fs[i].Code < fs[j].Code
	})
}

// HasBlocker reports whether any finding is a blocker.
func HasBlocker(fs []Finding) bool {
	for _, f := range fs {
		if f.Severity == Blocker {
			return true
		}
	}
	return false
}
