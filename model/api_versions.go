package model

// APIFeature is something of a RabbitMQ node's HTTP API or queues that some
// versions lack. warren asks each node in the way its version answers, and
// a thing a version does not have is information, never "node down".
type APIFeature string

const (
	// HealthChecksAPI is /api/health/checks/{alarms,local-alarms,
	// node-is-quorum-critical,virtual-hosts,protocol-listener/P,…}.
	// Before it, warren answers the same questions from /api/healthchecks/node,
	// /api/nodes, /api/vhosts, /api/queues and /api/overview.
	HealthChecksAPI APIFeature = "/api/health/checks/*"
	// DeprecatedFeaturesAPI is /api/deprecated-features[/used].
	DeprecatedFeaturesAPI APIFeature = "/api/deprecated-features"
	// QuorumQueueExpires is the x-expires argument on a quorum queue.
	QuorumQueueExpires APIFeature = "x-expires on quorum queues"
)

// apiSpan is where a feature exists: from Since (inclusive) up to Until
// (exclusive; zero means still there), and where that was established.
type apiSpan struct {
	Since, Until Version
	Source       string
}

// apiFeatures is the one table of version-dependent API behaviour. Measured
// against real nodes of 3.8.9, 3.10.8, 4.0.5 and 4.3.6; the bounds between
// come from the release notes and the sources named.
var apiFeatures = map[APIFeature]apiSpan{
	// 404 on 3.8.9, 200 on 3.10.8+; "individual health checks are now
	// available through the HTTP API" (release-notes/3.8.10.md).
	HealthChecksAPI: {Since: V(3, 8, 10), Source: "release-notes/3.8.10.md"},
	// 404 on 3.8.9 and 3.10.8, 200 on 4.0.5 and 4.3.6; the routes appear in
	// rabbit_mgmt_dispatcher.erl at v3.13.0.
	DeprecatedFeaturesAPI: {Since: V(3, 13, 0), Source: "rabbit_mgmt_dispatcher.erl v3.13.0"},
	// 3.8.9 refuses it (PRECONDITION_FAILED "invalid arg 'x-expires'"),
	// 3.10.8 accepts it; the 3.8.x branch stops refusing it in
	// rabbit_quorum_queue:check_invalid_arguments at v3.8.11 (3.8.10's own
	// code could not be checked, so it counts as refusing).
	QuorumQueueExpires: {Since: V(3, 8, 11), Source: "rabbit_quorum_queue.erl v3.8.11"},
}

// Has reports whether RabbitMQ v offers f. An unknown (zero) version gets
// the newest rules: warren then learns from the node's answer (a 404, a
// refused argument) instead of refusing to look.
func Has(v Version, f APIFeature) bool {
	span, ok := apiFeatures[f]
	if !ok {
		return false
	}
	if v.IsZero() {
		return span.Until.IsZero()
	}
	return v.AtLeast(span.Since) && (span.Until.IsZero() || v.Less(span.Until))
}

// FeatureSince is the first version that has f, for messages such as
// "RabbitMQ 3.8.9 has no /api/deprecated-features (3.13.0+)".
func FeatureSince(f APIFeature) Version { return apiFeatures[f].Since }
