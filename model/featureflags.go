package model

// FlagRequirement names the feature flags that must be enabled before a
// cluster may run Target or later. Requirements accumulate: a flag required
// by 3.11 is still required by 4.0.
type FlagRequirement struct {
	Target Version
	// Rule is the docs' wording ("all flags from 3.11.x"): when a cluster
	// knows flags not in Flags, the rule still asks for them.
	Rule  string
	Flags []string
}

// requiredFlags is the table of flags that became required.
//
// Source: rabbitmq-upgrade-facts.md §3.2, from
// https://www.rabbitmq.com/docs/feature-flags, rabbit_core_ff.erl at each
// release tag, release notes 3.11.0/3.12.0/4.0.1/4.3.0 and the 2022-07-20
// blog "required feature flags in RabbitMQ 3.11". 3.13, 4.1 and 4.2 made no
// new flag required. Append a row when a release graduates flags.
var requiredFlags = []FlagRequirement{
	{Target: V(3, 11, 0), Rule: "all flags introduced in 3.8.x",
		Flags: []string{"quorum_queue", "implicit_default_bindings", "virtual_host_metadata", "maintenance_mode_status", "user_limits"}},
	{Target: V(3, 12, 0), Rule: "all flags from 3.11.x",
		Flags: []string{"classic_mirrored_queue_version", "stream_queue", "stream_single_active_consumer", "feature_flags_v2",
			"direct_exchange_routing_v2", "listener_records_in_ets", "tracking_records_in_ets", "classic_queue_type_delivery_support",
			"drop_unroutable_metric", "empty_basic_get_metric"}},
	{Target: V(4, 0, 0), Rule: "all stable flags up to 3.13.0",
		Flags: []string{"restart_streams", "stream_sac_coordinator_unblock_group", "stream_filtering", "message_containers",
			"stream_update_config_command", "mqtt_v5", "delete_ra_cluster_mqtt_node", "rabbit_mqtt_qos0_queue"}},
	// detailed_queues_endpoint is not in the 4.3.0 release notes' list ("including
	// the following") but is required at v4.3.0: stability => required in
	// deps/rabbitmq_management/src/rabbit_mgmt_app.erl (stable from 3.13.0 to 4.2.x).
	{Target: V(4, 3, 0), Rule: "all flags from 4.2.0 and earlier, including khepri_db (Mnesia is gone in 4.3)",
		Flags: []string{"rabbitmq_4.0.0", "rabbitmq_4.1.0", "rabbitmq_4.2.0", "khepri_db", "quorum_queue_non_voters", "message_containers_deaths_v2",
			"detailed_queues_endpoint"}},
}

// FeatureFlagsSince is the first release with the feature-flag subsystem.
var FeatureFlagsSince = V(3, 8, 0)

// EnableAllFlagsSince is the first release whose CLI accepts
// `rabbitmqctl enable_feature_flag all` (release-notes/3.8.10.md).
var EnableAllFlagsSince = V(3, 8, 10)

// RequiredFlagsBefore returns every requirement a cluster must meet before
// it may run target, oldest first.
func RequiredFlagsBefore(target Version) []FlagRequirement {
	var out []FlagRequirement
	for _, r := range requiredFlags {
		if target.AtLeast(r.Target) {
			out = append(out, r)
		}
	}
	return out
}

// RequiredFlagNames is the de-duplicated list of flag names behind
// RequiredFlagsBefore(target).
func RequiredFlagNames(target Version) []string {
	seen := map[string]bool{}
	var names []string
	for _, r := range RequiredFlagsBefore(target) {
		for _, f := range r.Flags {
			if !seen[f] {
				seen[f] = true
				names = append(names, f)
			}
		}
	}
	return names
}

// NewlyRequiredFlags returns the requirements that a hop from → to crosses
// (Target in (from, to]).
func NewlyRequiredFlags(from, to Version) []FlagRequirement {
	var out []FlagRequirement
	for _, r := range requiredFlags {
		if from.Less(r.Target) && to.AtLeast(r.Target) {
			out = append(out, r)
		}
	}
	return out
}

// EnableAllFlagsCommand is the command that enables every stable flag on
// version v, or a hint for releases without the "all" form.
func EnableAllFlagsCommand(v Version) string {
	if v.Less(EnableAllFlagsSince) {
		return "rabbitmqctl list_feature_flags, then rabbitmqctl enable_feature_flag NAME for each disabled flag"
	}
	return "rabbitmqctl enable_feature_flag all"
}
