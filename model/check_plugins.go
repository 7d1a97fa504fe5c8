package model

import "fmt"

// PluginFindings reports enabled plugins the target no longer ships (the
// node would fail to start) and plugins that become no-ops on the way.
func PluginFindings(f CheckFacts) []Finding {
	from, haveFrom := CurrentVersion(f.Snapshot)
	var fs []Finding
	for _, p := range PluginsRemovedBy(f.Target) {
		if ev := nodesWithPlugin(f.Snapshot.Nodes.Value, p.Plugin); len(ev) > 0 {
			fs = append(fs, Finding{Code: CodePluginNotInTarget, Severity: Blocker,
				Title:    fmt.Sprintf("plugin %s is not shipped with %s", p.Plugin, f.Target),
				Evidence: append(ev, p.Note+" ("+p.Source+")"),
				Remedy:   "rabbitmq-plugins disable " + p.Plugin + " on every node before the upgrade", Doc: DocPlugins})
		}
	}
	if !haveFrom {
		return fs
	}
	for _, p := range PluginChangesBetween(from, f.Target) {
		if p.Kind != PluginNoOp {
			continue
		}
		if ev := nodesWithPlugin(f.Snapshot.Nodes.Value, p.Plugin); len(ev) > 0 {
			fs = append(fs, Finding{Code: CodePluginNoOp, Severity: Info,
				Title:    fmt.Sprintf("plugin %s becomes a no-op on %s", p.Plugin, p.Since.Series()),
				Evidence: append(ev, p.Note), Remedy: "nothing to do before the upgrade; read the note", Doc: DocPlugins})
		}
	}
	return fs
}

func nodesWithPlugin(nodes []Node, plugin string) []string {
	var ev []string
	for _, n := range nodes {
		for _, p := range n.EnabledPlugins {
			if p == plugin {
				ev = append(ev, n.Name+" has "+plugin+" enabled")
			}
		}
	}
	return ev
}
