package model

// PlanOptions tune the planner.
type PlanOptions struct {
	// KhepriEnabled: the source cluster runs the Khepri metadata store
	// (khepri_db enabled). On 3.13 this closes the in-place path to 4.x.
	KhepriEnabled bool
}

// ActionKind names what an action asks the operator to do.
type ActionKind string

const (
	ActionUpgradeErlang      ActionKind = "upgrade_erlang"
	ActionEnableFeatureFlags ActionKind = "enable_feature_flags"
	ActionEnableKhepri       ActionKind = "enable_khepri"
	ActionConfirmFlags       ActionKind = "confirm_feature_flags"
	ActionDeprecatedFeature  ActionKind = "stop_deprecated_feature"
	ActionConfigKey          ActionKind = "fix_config_key"
	ActionDisablePlugin      ActionKind = "disable_plugin"
	ActionUpgradeClients     ActionKind = "upgrade_clients"
	ActionConfirmErlang      ActionKind = "confirm_erlang"
	ActionBackup             ActionKind = "backup"
	ActionRebalance          ActionKind = "rebalance"
)

// Timing places an action relative to its hop's RabbitMQ upgrade.
type Timing string

const (
	TimingBefore Timing = "before"
	TimingDuring Timing = "during" // only full-stop hops: while every node is down
	TimingAfter  Timing = "after"
)

// Action is one thing the operator does, with the command when there is one.
type Action struct {
	Kind    ActionKind
	Timing  Timing
	Title   string
	Command string
	Why     string
	DocURL  string
	// OneWay marks a door that cannot be walked back through: enabled
	// feature flags cannot be disabled, so old-version nodes can no longer
	// join and rollback means restoring a backup or a blue-green switch.
	OneWay bool
	// ErlangMin/ErlangTarget are set on upgrade_erlang actions: install
	// ErlangTarget (a line, "the newest 26.2.x"), and no less than ErlangMin.
	ErlangMin, ErlangTarget ErlangVersion
}

// Hop is one RabbitMQ upgrade the whole cluster goes through.
type Hop struct {
	From, To Version
	Strategy Strategy
	// ErlangMin..ErlangMax is what To runs on; ErlangDuring is the Erlang
	// the cluster runs while the hop happens (after any Before action).
	ErlangMin, ErlangMax, ErlangDuring ErlangVersion
	Before, After                      []Action
	Notes                              []string
	Changes                            []Change
	// SteppingStone marks a hop that exists only because Erlang cannot move
	// in one go (e.g. 3.7.28 → 3.8.15 before Erlang 23).
	SteppingStone bool
}

// PlanBlocker is a reason the plan cannot be carried out in place.
type PlanBlocker struct {
	Code    string
	Message string
	Remedy  string
	DocURL  string
}

// Blocker codes.
const (
	BlockerNoInPlacePath = "NO_IN_PLACE_PATH"
	BlockerErlangTooNew  = "ERLANG_TOO_NEW"
	BlockerNoErlangPath  = "NO_ERLANG_PATH"
)

// UpgradePlan is the planner's answer.
type UpgradePlan struct {
	From, To      Version
	Erlang        ErlangVersion // as given, or assumed when ErlangAssumed
	ErlangAssumed bool
	KhepriEnabled bool
	Prepare       []Action // before the first hop
	Hops          []Hop
	Finish        []Action // after the last hop
	Blockers      []PlanBlocker
	// Warnings say where the plan stands on less than warren's tables
	// (a version or an Erlang newer than them, a commercial-only patch).
	Warnings []string
	Notes    []string
}

// Blocked reports whether no in-place route exists.
func (p UpgradePlan) Blocked() bool { return len(p.Blockers) > 0 }

// OneWayDoors lists, in order, the actions after which there is no way back.
func (p UpgradePlan) OneWayDoors() []Action {
	var out []Action
	collect := func(actions []Action) {
		for _, a := range actions {
			if a.OneWay {
				out = append(out, a)
			}
		}
	}
	collect(p.Prepare)
	for _, h := range p.Hops {
		collect(h.Before)
		collect(h.After)
	}
	collect(p.Finish)
	return out
}
