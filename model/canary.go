package model

import (
	"fmt"
	"strconv"
	"strings"
)

// CanaryQueuePrefix starts the name of every queue warren's canary declares
// (warren.canary.<host>.<pid>). A killed warren leaves its queue behind
// until x-expires removes it (or, on versions whose quorum queues refuse
// x-expires, until the next warren on that host sweeps it), so checks that
// compare the cluster with a backup must not count these queues.
const CanaryQueuePrefix = "warren.canary."

// IsCanaryQueue reports whether a queue is one of warren's own canaries.
func IsCanaryQueue(name string) bool { return strings.HasPrefix(name, CanaryQueuePrefix) }

// CanaryQueueName names the canary queue of process pid on host.
func CanaryQueueName(host string, pid int) string {
	return fmt.Sprintf("%s%s.%d", CanaryQueuePrefix, host, pid)
}

// CanaryQueueOwner reads back the host and pid a canary queue was named
// after; ok is false for any other name.
func CanaryQueueOwner(name string) (host string, pid int, ok bool) {
	rest, found := strings.CutPrefix(name, CanaryQueuePrefix)
	dot := strings.LastIndexByte(rest, '.')
	if !found || dot <= 0 {
		return "", 0, false
	}
	pid, err := strconv.Atoi(rest[dot+1:])
	if err != nil || pid <= 0 {
		return "", 0, false
	}
	return rest[:dot], pid, true
}

// Cluster labels of a blue-green run's canary.
const (
	ClusterBlue  = "blue"
	ClusterGreen = "green"
)

// CanaryRoute is where a blue-green run's canary publishes and consumes.
type CanaryRoute struct {
	PublishOnGreen, ConsumeOnGreen bool
}

// CanaryRouteFor follows the move gates: the canary consumes on green once
// the consumers have moved, and publishes there once the publishers have
// too. It never publishes on green while consuming on blue: nothing
// carries green's messages back to blue during the move.
func CanaryRouteFor(consumersMoved, publishersMoved bool) CanaryRoute {
	return CanaryRoute{ConsumeOnGreen: consumersMoved, PublishOnGreen: consumersMoved && publishersMoved}
}

// Labels names the publishing and consuming clusters.
func (r CanaryRoute) Labels() (publish, consume string) {
	label := func(green bool) string {
		if green {
			return ClusterGreen
		}
		return ClusterBlue
	}
	return label(r.PublishOnGreen), label(r.ConsumeOnGreen)
}

// String is "blue", "blue → green" or "green".
func (r CanaryRoute) String() string {
	pub, sub := r.Labels()
	if pub == sub {
		return pub
	}
	return pub + " → " + sub
}

// CanaryFederationPolicy federates warren's canary queues of one vhost
// from blue into green, so the canary can publish on blue and consume on
// green while the consumers have moved and the publishers not yet. Its
// name starts with FederationPolicyPrefix: the post-migration removal
// takes it with the others.
func CanaryFederationPolicy(vhost string) Policy {
	return Policy{Name: FederationPolicyPrefix + "warren-canary", VHost: vhost, Pattern: "^" + strings.ReplaceAll(CanaryQueuePrefix, ".", `\.`),
		ApplyTo: "queues", Priority: 100, Definition: map[string]any{"federation-upstream": FederationUpstream}}
}
