package model

import (
	"cmp"
	"fmt"
)

// HealthGroupFindings: nodes down, alarms, partitions and the node-local
// health checks (quorum-critical among them), reusing the shared findings.
func HealthGroupFindings(f CheckFacts) []Finding {
	s := f.Snapshot
	if !s.Nodes.OK() {
		return []Finding{notChecked("node states", cmp.Or(s.Nodes.Err, "the node list was not read"))}
	}
	var fs []Finding
	fs = append(fs, NodeFindings(s.Nodes.Value)...)
	fs = append(fs, AlarmFindings(s.Nodes.Value)...)
	fs = append(fs, PartitionFindings(s.Nodes.Value)...)
	if !s.Health.OK() {
		return append(fs, notChecked("node health checks", cmp.Or(s.Health.Err, "the health checks did not run")))
	}
	return append(fs, HealthFindings(s.Health.Value)...)
}

// HeadroomPolicy sets when headroom is too thin. Zero fields take defaults.
type HeadroomPolicy struct {
	// DiskFactor: free disk below DiskFactor × disk_free_limit warns (2).
	DiskFactor float64
	// MemoryRatio: memory use above this share of the high watermark warns (0.8).
	MemoryRatio float64
}

func (p HeadroomPolicy) withDefaults() HeadroomPolicy {
	if p.DiskFactor <= 0 {
		p.DiskFactor = 2
	}
	if p.MemoryRatio <= 0 {
		p.MemoryRatio = 0.8
	}
	return p
}

// HeadroomFindings warns about nodes close to their disk or memory alarm.
// Memory is judged as it will be during the rolling restart: with N nodes,
// the N-1 still running carry the restarting node's clients and queue
// leaders, about N/(N-1) of their load each.
func HeadroomFindings(f CheckFacts) []Finding {
	if !f.Snapshot.Nodes.OK() {
		return []Finding{notChecked("disk and memory headroom", cmp.Or(f.Snapshot.Nodes.Err, "the node list was not read"))}
	}
	p := f.Headroom.withDefaults()
	nodes := f.Snapshot.Nodes.Value
	running := 0
	for _, n := range nodes {
		if n.State == NodeRunning {
			running++
		}
	}
	var fs []Finding
	for _, n := range nodes {
		if n.State != NodeRunning {
			continue
		}
		if d := diskHeadroom(n, p); d != nil {
			fs = append(fs, *d)
		}
		if m := memoryHeadroom(n, p, running); m != nil {
			fs = append(fs, *m)
		}
	}
	return fs
}

func diskHeadroom(n Node, p HeadroomPolicy) *Finding {
	if n.DiskFreeLimit <= 0 || n.DiskAlarm || float64(n.DiskFree) >= p.DiskFactor*float64(n.DiskFreeLimit) {
		return nil
	}
	return &Finding{Code: CodeDiskHeadroom, Severity: Warning, Title: "little free disk on " + n.Name,
		Evidence: []string{fmt.Sprintf("%s: %s free, alarm at %s (want at least %.1f× the limit)", n.Name, bytesWord(n.DiskFree), bytesWord(n.DiskFreeLimit), p.DiskFactor)},
		Remedy:   "free disk space on " + n.Name + " before taking backups and restarting it (a disk alarm blocks every publisher)",
		Doc:      DocDiskAlarms}
}

func memoryHeadroom(n Node, p HeadroomPolicy, running int) *Finding {
	if n.MemLimit <= 0 || n.MemAlarm {
		return nil
	}
	used := float64(n.MemUsed)
	projected := used
	if running > 1 {
		projected = used * float64(running) / float64(running-1)
	}
	limit := float64(n.MemLimit)
	if used < p.MemoryRatio*limit && projected < limit {
		return nil
	}
	return &Finding{Code: CodeMemoryHeadroom, Severity: Warning, Title: "memory close to the watermark on " + n.Name,
		Evidence: []string{fmt.Sprintf("%s: %s used of a %s watermark (%.0f%%); while another node restarts, about %s (%.0f%%)",
			n.Name, bytesWord(n.MemUsed), bytesWord(n.MemLimit), 100*used/limit, bytesWord(int64(projected)), 100*projected/limit)},
		Remedy: "reduce load or raise vm_memory_high_watermark before the upgrade: a memory alarm blocks every publisher",
		Doc:    DocMemory}
}

func bytesWord(b int64) string {
	const unit = 1024
	if b < unit {
		return fmt.Sprintf("%d B", b)
	}
	div, exp := int64(unit), 0
	for n := b / unit; n >= unit; n /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(b)/float64(div), "KMGTPE"[exp])
}
