package model

// Change is a breaking or notable change an operator must read before
// crossing a release.
type Change struct {
	Version Version
	Summary string
	Source  string
}

// notableChanges: the breaking and removal changes worth checking before
// a hop. Source: rabbitmq-upgrade-facts.md §4.3 (release notes named per
// row). Append a row when a release breaks something.
var notableChanges = []Change{
	{V(3, 7, 0), "new rabbitmq.conf format; per-vhost message stores (data is migrated on first start: drain queues to shorten it)", "release-notes/3.7.0.md"},
	{V(3, 9, 0), "Lager replaced by Erlang Logger; Erlang 23.2 required", "release-notes/3.9.0.md"},
	{V(3, 11, 0), "Erlang 25 required; open file handles capped at 65536 by default (raise with ERL_MAX_PORTS)", "release-notes/3.11.0.md"},
	{V(3, 12, 0), "native MQTT; some per-channel MQTT metrics leave the management UI", "release-notes/3.12.0.md"},
	{V(3, 13, 0), "Erlang 26 required (TLS peer verification on by default for shovels, federation, LDAP); mqtt.subscription_ttl makes boot fail; node_health_check is a no-op", "release-notes/3.13.0.md"},
	{V(4, 0, 0), "classic queue mirroring removed (mirroring policy keys do nothing); CQv1 removed; quorum queues get a delivery limit of 20; x-death not interpreted on re-publish; max_message_size default 16 MiB; TLS clients (shovels, federation, LDAP) verify peers by default", "release-notes/4.0.1.md"},
	{V(4, 1, 0), "pre-auth frame_max 4096 → 8192 (amqplib < 0.10.7 cannot connect); MQTT max packet size 16 MiB; /api/aliveness-test is a no-op", "release-notes/4.1.0.md"},
	{V(4, 2, 0), "Khepri default for new clusters; *.cacerts keys removed; Raft/quorum-queue Prometheus metric names changed; AMQP 1.0 durable default changed", "release-notes/4.2.0.md"},
	{V(4, 3, 0), "Mnesia removed (Khepri only: a majority of nodes must be online); cluster_partition_handling ignored; declaring a queue with x-queue-mode (any value) or x-queue-version=1 fails; no consumer timeouts for classic queues and streams; transient non-exclusive queues and global QoS denied by default", "release-notes/4.3.0.md"},
}

// ChangesBetween returns the notable changes in (from, to].
func ChangesBetween(from, to Version) []Change {
	var out []Change
	for _, c := range notableChanges {
		if from.Less(c.Version) && to.AtLeast(c.Version) {
			out = append(out, c)
		}
	}
	return out
}

// hopNote is advice that applies when a hop leaves one series for another.
type hopNote struct {
	From, To Series // To zero: any target
	Text     string
}

// hopNotes. Source: rabbitmq-upgrade-facts.md §1.3 and §2.3.
var hopNotes = []hopNote{
	{S(3, 6), Series{}, "on-disk priority-queue data from 3.6 cannot be migrated in place (such queues come back empty): use blue-green if you rely on them"},
	{S(3, 7), S(3, 8), "upgrade RabbitMQ before Erlang: CLI tools older than 3.7.7 fail on Erlang 21+"},
	{S(3, 8), S(3, 9), "in a mixed 3.8/3.9 cluster, declaring new quorum queues fails on nodes in the version minority"},
	{S(3, 11), S(3, 12), "do not switch Erlang 25 → 26 in the same step unless every node is on 3.11.17+; the safe order is 3.12 on Erlang 25 first, then Erlang 26"},
	{S(3, 13), Series{}, "shovels to 4.x over AMQP 1.0 work only from nodes on 3.13.7 or later; leave the experimental khepri_db flag off on 3.13"},
	// release-notes/4.3.0.md, "New Required Feature Flags".
	{S(4, 2), S(4, 3), "if rabbitmq_amqp1_0 was enabled on 3.13 and AMQP 1.0 clients still connect: do at least one rolling restart after rabbitmq_4.0.0 is enabled and before upgrading to 4.3.0"},
}

func notesForHop(from, to Series) []string {
	var out []string
	for _, n := range hopNotes {
		if n.From == from && (n.To == Series{} || n.To == to) {
			out = append(out, n.Text)
		}
	}
	return out
}
