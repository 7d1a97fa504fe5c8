package model

import "fmt"

// NodeErlang is the Erlang version warren knows for one node, and where it
// came from: /api/nodes reports it per node only from 4.2.4; before that
// only /api/overview's serving node is known.
type NodeErlang struct {
	Node    string `json:"node"`
	Version string `json:"version,omitempty"`
	Source  string `json:"source"` // "api/nodes", "api/overview", or "unknown"
}

// ErlangVersions lists each node's Erlang version with its source.
func ErlangVersions(s Snapshot) []NodeErlang {
	ov := s.Overview.Value
	var out []NodeErlang
	for _, n := range s.Nodes.Value {
		switch {
		case n.ErlangVersion != "":
			out = append(out, NodeErlang{Node: n.Name, Version: n.ErlangVersion, Source: "api/nodes"})
		case n.Name == ov.ServedBy && ov.ErlangVersion != "":
			out = append(out, NodeErlang{Node: n.Name, Version: ov.ErlangVersion, Source: "api/overview"})
		default:
			out = append(out, NodeErlang{Node: n.Name, Source: "unknown"})
		}
	}
	if len(out) == 0 && ov.ErlangVersion != "" {
		out = append(out, NodeErlang{Node: ov.ServedBy, Version: ov.ErlangVersion, Source: "api/overview"})
	}
	return out
}

// ErlangFindings checks every known node Erlang against the target's range.
// Nodes whose Erlang the API does not report are named in the evidence with
// the command that reads it: the check cannot vouch for them.
func ErlangFindings(f CheckFacts) []Finding {
	var fs []Finding
	target := f.Target
	if _, _, ok := ErlangRange(target); !ok {
		rules, ok := RulesVersion(target)
		if !ok {
			return []Finding{{Code: CodeVersionUnknown, Severity: Blocker, Title: "no Erlang range known for " + target.String(),
				Evidence: []string{CheckKnown(target).Error()}}}
		}
		// A series newer than the tables: judge with the nearest known rules.
		fs = append(fs, Finding{Code: CodeVersionUnknown, Severity: Warning,
			Title:    fmt.Sprintf("no Erlang range known for %s: judged against %s's", target, rules),
			Evidence: []string{VersionWarning(target)}, Remedy: "read " + target.String() + "'s Erlang requirement in its release notes", Doc: DocWhichErlang})
		target = rules
	}
	min, max, _ := ErlangRange(target)
	from, haveFrom := CurrentVersion(f.Snapshot)
	var unknown []string
	for _, ne := range ErlangVersions(f.Snapshot) {
		if ne.Version == "" {
			unknown = append(unknown, ne.Node)
			continue
		}
		e, err := ParseErlangVersion(ne.Version)
		if err != nil {
			unknown = append(unknown, ne.Node)
			continue
		}
		if e.In(min, max) {
			continue
		}
		fs = append(fs, erlangOutOfRange(ne, e, target, from, haveFrom))
	}
	if len(unknown) > 0 {
		fs = append(fs, erlangUnknown(unknown, f.Snapshot.Overview.Value.ServedBy, min, max, target))
	}
	return fs
}

func erlangOutOfRange(ne NodeErlang, e ErlangVersion, target, from Version, haveFrom bool) Finding {
	min, max, _ := ErlangRange(target)
	ev := []string{
		fmt.Sprintf("%s runs Erlang %s (from %s)", ne.Node, e, erlangSourceWords(ne.Source)),
		fmt.Sprintf("RabbitMQ %s needs Erlang %s – %s", target, min, max),
	}
	remedy := fmt.Sprintf("move Erlang into %s – %s", min, max)
	if haveFrom {
		if cmin, cmax, ok := ErlangRange(from); ok {
			lo, hi := higherFloor(cmin, min), lowerCeiling(cmax, max)
			if lo.SatisfiesMax(hi) {
				remedy = fmt.Sprintf("upgrade Erlang to %s – %s on every node first (RabbitMQ %s runs on it too), then RabbitMQ", lo, hi, from)
			} else {
				remedy = fmt.Sprintf("no Erlang runs both RabbitMQ %s and %s: go through an intermediate release (warren plan --from %s --to %s --erlang %s)", from, target, from, target, e)
			}
		}
	}
	if ErlangBeyondTables(target, e) {
		return Finding{Code: CodeErlangOutOfRange, Severity: Warning, Title: fmt.Sprintf("Erlang %s on %s is newer than warren's tables", e, ne.Node),
			Evidence: append(ev, erlangBeyondWarning(target, e)), Remedy: "carry on only if this Erlang is what your distribution ships and tests with " + target.Series().String() + "; " + remedy,
			Doc: DocWhichErlang}
	}
	return Finding{Code: CodeErlangOutOfRange, Severity: Blocker, Title: fmt.Sprintf("Erlang %s on %s is outside %s's range", e, ne.Node, target),
		Evidence: ev, Remedy: remedy, Doc: DocWhichErlang}
}

func erlangUnknown(nodes []string, servedBy string, min, max ErlangVersion, target Version) Finding {
	ev := []string{"per-node Erlang versions are in /api/nodes only from RabbitMQ 4.2.4; /api/overview gives the version of the node that served it (" + servedBy + ") only"}
	for _, n := range nodes {
		ev = append(ev, n+": not reported")
	}
	return Finding{Code: CodeErlangOutOfRange, Severity: Warning, Title: "Erlang version of some nodes is unknown",
		Evidence: capEvidence(ev),
		Remedy:   fmt.Sprintf("check each with: rabbitmq-diagnostics -n NODE erlang_version (RabbitMQ %s needs %s – %s)", target, min, max),
		Doc:      DocWhichErlang}
}

func erlangSourceWords(source string) string {
	if source == "api/overview" {
		return "/api/overview, which reports only the node that served it"
	}
	return "/" + source
}
