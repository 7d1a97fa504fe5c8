package model

import (
	"regexp"
	"strings"
)

// Names of what the migration declares, so it finds (and removes) its own
// objects and tells its own connections on blue from the clients'.
const (
	// FederationUpstream is the upstream declared on green, per vhost,
	// pointing at blue: green's queues consume from blue's (facts §2.4 and
	// WEB:docs/blue-green-upgrade.md: the upstream is the old cluster).
	FederationUpstream = "warren-blue"
	// FederationPolicyPrefix starts the per-queue policy that federates
	// one migrated queue.
	FederationPolicyPrefix = "warren-federate-"
	// ShovelPrefix starts each dynamic shovel that drains one blue queue.
	ShovelPrefix = "warren-move-"
)

// ShovelName is the dynamic shovel that moves one queue.
func ShovelName(q MigratedQueue) string { return ShovelPrefix + q.Name }

// FederationPolicyName is the policy that federates one queue.
func FederationPolicyName(q MigratedQueue) string { return FederationPolicyPrefix + q.Name }

// ExactPattern is a policy pattern matching one queue name only.
func ExactPattern(name string) string { return "^" + regexp.QuoteMeta(name) + "$" }

// Consumer is one consumer of a queue, with the client-provided name of
// the connection it came on.
type Consumer struct {
	VHost          string `json:"vhost"`
	Queue          string `json:"queue"`
	Connection     string `json:"connection"`
	ConnectionName string `json:"connection_name,omitempty"`
}

// QueueCountsConnection names the short connection warren opens to ask
// queues their counts (broker.ReadyCounts): a listing can show it for a
// statistics interval after it closed.
const QueueCountsConnection = "warren queue counts"

// IsMigrationConnection reports whether a connection on blue is warren's
// own: its canary, link watch and queue counts, the federation links green opened to
// blue ("Federation link (upstream: warren-blue, …)") and its shovels
// ("Shovel warren-move-…"). The move gates count every other one.
func IsMigrationConnection(providedName string) bool {
	switch {
	case strings.HasPrefix(providedName, "warren canary"), strings.HasPrefix(providedName, "warren link "),
		providedName == QueueCountsConnection:
		return true
	case strings.HasPrefix(providedName, "Federation link") && strings.Contains(providedName, FederationUpstream):
		return true
	case strings.HasPrefix(providedName, "Shovel "+ShovelPrefix):
		return true
	}
	return false
}

// Parameter is one runtime parameter (a federation upstream, a shovel).
type Parameter struct {
	Component string `json:"component"`
	VHost     string `json:"vhost"`
	Name      string `json:"name"`
	Value     any    `json:"value"`
}

// ShovelStatus is one shovel as /api/shovels reports it.
type ShovelStatus struct {
	Name  string `json:"name"`
	VHost string `json:"vhost"`
	Type  string `json:"type"`
	State string `json:"state"`
}

// EffectivePolicy is the policy RabbitMQ applies to one queue: the
// highest-priority policy of its vhost whose pattern matches the name and
// that applies to queues (ties go to the first by name). warren's own
// federation policies are left out, so federating twice builds on the
// queue's real policy, not on the previous federation one.
func EffectivePolicy(policies []Policy, vhost, queue, queueType string) (Policy, bool) {
	var best Policy
	found := false
	for _, p := range policies {
		if p.VHost != vhost || strings.HasPrefix(p.Name, FederationPolicyPrefix) || !appliesToQueue(p.ApplyTo, queueType) {
			continue
		}
		re, err := regexp.Compile(p.Pattern)
		if err != nil || !re.MatchString(queue) {
			continue
		}
		if !found || p.Priority > best.Priority || (p.Priority == best.Priority && p.Name < best.Name) {
			best, found = p, true
		}
	}
	return best, found
}

// appliesToQueue: "all" and "queues" cover every queue; 4.x adds
// "classic_queues", "quorum_queues" and "streams".
func appliesToQueue(applyTo, queueType string) bool {
	switch applyTo {
	case "", "all", "queues":
		return true
	case "classic_queues":
		return queueType == "classic"
	case "quorum_queues":
		return queueType == "quorum"
	case "streams":
		return queueType == "stream"
	}
	return false
}

// GreenNodes is a nodes sample of the second cluster of a blue-green run,
// labelled with its name: the cockpit shows it below blue's nodes.
type GreenNodes struct {
	Label  string
	Sample NodesSample
}

// GreenQueues is the queue listing and overview of a blue-green run's
// green cluster: the same queues' depths rise there while blue's fall.
type GreenQueues struct {
	Queues   QueuesSample
	Overview OverviewSample
}
