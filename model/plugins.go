package model

// PluginChangeKind says what a release did to a plugin.
type PluginChangeKind string

const (
	// PluginRemoved: dropped from the distribution. It must be disabled
	// before the upgrade, or the node fails to start.
	PluginRemoved PluginChangeKind = "removed"
	// PluginNoOp: still shipped so upgrades work, but does nothing.
	PluginNoOp PluginChangeKind = "no_op"
)

// PluginChange is one row of the plugin table.
type PluginChange struct {
	Plugin string
	Since  Version
	Kind   PluginChangeKind
	Note   string
	Source string
}

// pluginChanges lists plugins that left the distribution or became no-ops.
//
// Source: rabbitmq-upgrade-facts.md §2.3 and §4.3 (release-notes/3.7.0.md,
// https://www.rabbitmq.com/docs/3.13/upgrade, release-notes/4.0.1.md,
// 4.3.0.md). Append a row when a release drops a plugin.
var pluginChanges = []PluginChange{
	{Plugin: "rabbitmq_management_visualiser", Since: V(3, 7, 0), Kind: PluginRemoved,
		Note: "disable it before upgrading or the node fails to start", Source: "release-notes/3.7.0.md"},
	{Plugin: "rabbitmq_amqp1_0", Since: V(4, 0, 0), Kind: PluginNoOp,
		Note:   "AMQP 1.0 is core in 4.0; if it was enabled on 3.13 and AMQP 1.0 clients remain, do one rolling restart after enabling rabbitmq_4.0.0 and before upgrading to 4.3.0",
		Source: "release-notes/4.0.1.md, 4.3.0.md"},
}

// PluginsRemovedBy returns the plugins that are not shipped with target.
func PluginsRemovedBy(target Version) []PluginChange {
	var out []PluginChange
	for _, p := range pluginChanges {
		if p.Kind == PluginRemoved && target.AtLeast(p.Since) {
			out = append(out, p)
		}
	}
	return out
}

// PluginChangesBetween returns the plugin changes a hop from → to crosses.
func PluginChangesBetween(from, to Version) []PluginChange {
	var out []PluginChange
	for _, p := range pluginChanges {
		if from.Less(p.Since) && to.AtLeast(p.Since) {
			out = append(out, p)
		}
	}
	return out
}
