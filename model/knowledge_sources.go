package model

import "fmt"

// KnowledgeCheckedOn is the day every knowledge table below was last
// checked against its sources. Change it (and KnowledgeSources) whenever
// the tables are re-checked, never for an unrelated edit.
const KnowledgeCheckedOn = "2026-11-28"

// The snapshots the tables were checked against.
const (
	sourceServer  = "rabbitmq-server at 5b09e556da53 (2026-08-21; release notes and tags up to v4.3.5)"
	sourceWebsite = "rabbitmq-website at 0acf2a429b51 (2026-08-21; docs/which-erlang.md, upgrade.md, feature-flags, release list)"
	sourceFacts   = "rabbitmq-upgrade-facts.md (compiled from the same snapshots)"
)

// KnowledgeSource names one knowledge table and what it was checked against.
type KnowledgeSource struct {
	Table   string // the Go variable, e.g. "erlangMatrix"
	What    string
	Sources []string
}

// KnowledgeSources is the one place that says what every table was last
// checked against (on KnowledgeCheckedOn). A table's own comment cites the
// source of each row; this list says how fresh the whole table is.
var KnowledgeSources = []KnowledgeSource{
	{"erlangMatrix", "RabbitMQ/Erlang compatibility per patch range; the newest known patch of each series",
		[]string{sourceWebsite, sourceServer + ": release-notes/<version>.md Erlang sections", sourceFacts + " §1"}},
	{"commercialOnlyPatches", "patches published to commercial customers only",
		[]string{sourceWebsite + ": docusaurus.config.js release list, blog/2025-02-07-rabbitmq-3.13.8-is-released", sourceServer + ": tags"}},
	{"neverShipped", "patch numbers that were skipped",
		[]string{sourceServer + ": release-notes/3.10.3.md, 3.10.15.md"}},
	{"upgradePaths, noInPlacePaths, patchBarriers", "which series may follow which, and how",
		[]string{sourceWebsite + ": docs/upgrade.md, versioned_docs/version-3.13/upgrade.md", sourceServer + ": release-notes 3.6.6, 3.6.7, 3.13.0, 4.0.1, 4.1.0, 4.2.0, 4.3.0", sourceFacts + " §2"}},
	{"requiredFlags", "feature flags a release requires",
		[]string{sourceServer + ": -rabbit_feature_flag attributes in deps/*/src at every x.y.0 tag, release-notes 3.11.0/3.12.0/4.0.1/4.3.0", sourceFacts + " §3"}},
	{"deprecatedFeatures", "deprecation phases",
		[]string{sourceServer + ": -rabbit_deprecated_feature attributes at each tag, release-notes/4.3.0.md", sourceFacts + " §4"}},
	{"configKeyRules", "rabbitmq.conf keys that break or lose effect",
		[]string{sourceServer + ": release notes 3.13.0, 4.0.1, 4.1.0, 4.2.0, 4.3.0", sourceFacts + " §4.3, §7"}},
	{"notableChanges, hopNotes", "breaking changes and per-hop advice",
		[]string{sourceServer + ": release notes named per row", sourceFacts + " §1.3, §2.3, §4.3"}},
	{"plugin and client tables", "plugins leaving the distribution, client library minimums",
		[]string{sourceServer + ": release notes named per row", sourceFacts + " §8"}},
	{"TLSPeerVerifyErlang", "Erlang 26's TLS client default for shovels and federation links",
		[]string{sourceServer + ": release-notes/3.13.0.md and 4.0.1.md (TLS Client Defaults), deps/amqp_client/src/amqp_ssl.erl and amqp_uri.erl at v4.0.5",
			sourceWebsite + ": docs/uri-query-parameters.md"}},
	{"passwordHashingModules, cqv1Gone", "password hashing modules RabbitMQ ships; CQv1 arguments a green accepts or refuses",
		[]string{sourceServer + ": rabbit_common's rabbit_password_hashing_*.erl and rabbit_auth_backend_internal.erl at v3.8.9, v3.10.8, v4.0.5, v4.3.5; " +
			"rabbit_amqqueue.erl check_queue_version at v4.0.5 and v4.3.5; release-notes 3.12.0, 4.0.1, 4.3.0"}},
}

// NewestKnownRelease is the newest community release in the tables:
// anything newer is handled with the nearest known rules and a warning
// (see VersionWarning).
func NewestKnownRelease() Version {
	series := KnownSeries()
	latest, _ := LatestPatch(series[len(series)-1])
	return latest
}

// KnowledgeSummary is the one-line freshness statement `warren version`
// prints and plans carry.
func KnowledgeSummary() string {
	return fmt.Sprintf("upgrade knowledge checked %s against RabbitMQ releases up to %s (rabbitmq-server and rabbitmq-website as of 2026-08-21)",
		KnowledgeCheckedOn, NewestKnownRelease())
}
