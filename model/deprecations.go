package model

// Phase is a deprecated feature's lifecycle stage, in the order RabbitMQ
// moves through them (https://www.rabbitmq.com/docs/deprecated-features).
type Phase string

const (
	PhaseNone               Phase = ""
	PhasePermittedByDefault Phase = "permitted_by_default"
	PhaseDeniedByDefault    Phase = "denied_by_default"
	PhaseDisconnected       Phase = "disconnected"
	PhaseRemoved            Phase = "removed"
)

// Breaks reports whether a feature in this phase stops working unless the
// operator acts (permits it, or migrates away).
func (p Phase) Breaks() bool {
	return p == PhaseDeniedByDefault || p == PhaseDisconnected || p == PhaseRemoved
}

// PhaseChange: from Since on, the feature is in Phase.
type PhaseChange struct {
	Since Version
	Phase Phase
}

// DeprecatedFeature is one entry of the deprecation table. Name is the
// deprecated-features subsystem's name where it has one (3.13+), so that
// /api/deprecated-features/used answers can be joined on it.
type DeprecatedFeature struct {
	Name        string
	Title       string
	InSubsystem bool // known to the deprecated-features subsystem
	Announced   string
	Phases      []PhaseChange // oldest first
	Replacement string
	Detect      string // how to spot it on clusters without the subsystem
	Source      string
}

// deprecatedFeatures is the deprecation table.
//
// Source: rabbitmq-upgrade-facts.md §4.2 (-rabbit_deprecated_feature
// attributes in rabbitmq-server at each tag, release-notes/4.3.0.md; the
// announcement blog 2021-08-21 "4.0 deprecation announcements") and, for
// CQv1, §4.3 (release-notes/4.0.1.md, 4.3.0.md). Add a PhaseChange when a
// release moves a feature to its next phase.
var deprecatedFeatures = []DeprecatedFeature{
	{Name: "classic_queue_mirroring", Title: "classic queue mirroring (mirrored classic queues)", InSubsystem: true,
		Announced: "2021-08 (3.9 era)", Phases: phases(V(3, 13, 0), PhasePermittedByDefault, V(4, 0, 0), PhaseRemoved),
		Replacement: "quorum queues or streams", Detect: "policies with ha-mode / ha-params / ha-sync-mode keys",
		Source: "facts §4.2; release-notes/4.0.1.md"},
	{Name: "transient_nonexcl_queues", Title: "transient (non-durable) non-exclusive queues", InSubsystem: true,
		Announced: "2021-08", Phases: phases(V(3, 13, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseDeniedByDefault),
		Replacement: "durable queues, exclusive transient queues, or queue TTL; to keep them on 4.3 set deprecated_features.permit.transient_nonexcl_queues = true on all nodes before upgrading",
		Detect:      "queues with durable=false and exclusive=false", Source: "facts §4.2; release-notes/4.3.0.md"},
	{Name: "global_qos", Title: "global QoS (basic.qos with global=true)", InSubsystem: true,
		Announced: "2021-08", Phases: phases(V(3, 13, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseDeniedByDefault),
		Replacement: "per-consumer QoS", Detect: "cannot be detected from the server (docs)", Source: "facts §4.2"},
	{Name: "ram_node_type", Title: "RAM nodes", InSubsystem: true,
		Announced: "2021-08", Phases: phases(V(3, 13, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseRemoved),
		Replacement: "disc nodes", Detect: "nodes whose type is ram in /api/nodes", Source: "facts §4.2"},
	{Name: "management_metrics_collection", Title: "metrics collection through the management API", InSubsystem: true,
		Announced: "2021-08", Phases: phases(V(3, 13, 0), PhasePermittedByDefault),
		Replacement: "the Prometheus plugin", Detect: "management.disable_stats not set", Source: "facts §4.2, §6.3"},
	{Name: "queue_master_locator", Title: "queue_master_locator (x-queue-master-locator, queue-master-locator policy key, config key)", InSubsystem: true,
		Announced: "4.0", Phases: phases(V(4, 0, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseDeniedByDefault),
		Replacement: "queue-leader-locator / queue_leader_locator", Detect: "queue_master_locator in rabbitmq.conf, queue-master-locator in policies, x-queue-master-locator queue arguments",
		Source: "facts §4.2, §7.3 row 32"},
	{Name: "amqp_address_v1", Title: "AMQP 1.0 address format v1", InSubsystem: true,
		Announced: "4.0", Phases: phases(V(4, 0, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseDeniedByDefault),
		Replacement: "AMQP address v2", Source: "facts §4.2"},
	{Name: "amqp_filter_set_bug", Title: "AMQP 1.0 filter-set bug compatibility", InSubsystem: true,
		Announced: "4.1", Phases: phases(V(4, 1, 0), PhasePermittedByDefault, V(4, 3, 0), PhaseDeniedByDefault),
		Source: "rabbit_amqp_session.erl at v4.1.0 (-rabbit_deprecated_feature, absent at v4.0.x); release-notes/4.3.0.md"},
	{Name: "classic_queue_v1", Title: "classic queue storage version 1 (CQv1)",
		Phases: phases(V(4, 0, 0), PhaseRemoved), Replacement: "classic queue version 2 (move queues to CQv2 on 3.13)",
		Detect: "classic_queue.default_version = 1 (boot fails on 4.0); x-queue-version=1 or x-queue-mode arguments (declarations fail on 4.3)",
		Source: "facts §4.3; release-notes/4.0.1.md, 4.3.0.md"},
}

func phases(args ...any) []PhaseChange {
	var out []PhaseChange
	for i := 0; i+1 < len(args); i += 2 {
		out = append(out, PhaseChange{Since: args[i].(Version), Phase: args[i+1].(Phase)})
	}
	return out
}

// PhaseAt returns the feature's phase on version v (PhaseNone before it was
// tracked).
func (f DeprecatedFeature) PhaseAt(v Version) Phase {
	phase := PhaseNone
	for _, c := range f.Phases {
		if v.AtLeast(c.Since) {
			phase = c.Phase
		}
	}
	return phase
}

// DeprecationStatus is a feature together with its phase on a target.
type DeprecationStatus struct {
	Feature DeprecatedFeature
	Phase   Phase
}

// DeprecatedFeatures lists every feature that is deprecated (any phase) on
// target, with that phase. Features announced before the subsystem existed
// are listed for older targets too, as permitted, because warren detects
// them itself there (classic mirroring on 3.9 …).
func DeprecatedFeatures(target Version) []DeprecationStatus {
	var out []DeprecationStatus
	for _, f := range deprecatedFeatures {
		phase := f.PhaseAt(target)
		if phase == PhaseNone && f.Announced != "" && f.Phases[0].Since.Major == 3 && target.AtLeast(V(3, 9, 0)) {
			phase = PhasePermittedByDefault
		}
		if phase != PhaseNone {
			out = append(out, DeprecationStatus{Feature: f, Phase: phase})
		}
	}
	return out
}

// LookupDeprecatedFeature looks a feature up by its subsystem name.
func LookupDeprecatedFeature(name string) (DeprecatedFeature, bool) {
	for _, f := range deprecatedFeatures {
		if f.Name == name {
			return f, true
		}
	}
	return DeprecatedFeature{}, false
}
