package model

import (
	"encoding/json"
	"fmt"
	"strings"
)

// DefinitionCounts counts the objects of a definitions export. A backup is
// verified by comparing its counts with the live cluster's.
type DefinitionCounts struct {
	VHosts      int `json:"vhosts"`
	Users       int `json:"users"`
	Permissions int `json:"permissions"`
	Policies    int `json:"policies"`
	Queues      int `json:"queues"`
	Exchanges   int `json:"exchanges"`
	Bindings    int `json:"bindings"`
}

// CountDefinitions parses a cluster-wide definitions export back and counts
// its objects the way CountLive does (warren's canary queues and their
// bindings are left out). A file that is not such an export is an error.
func CountDefinitions(data []byte) (DefinitionCounts, error) {
	var defs map[string]json.RawMessage
	if err := json.Unmarshal(data, &defs); err != nil {
		return DefinitionCounts{}, fmt.Errorf("definitions do not parse: %v", err)
	}
	var c DefinitionCounts
	var queues []LiveQueue
	var bindings []LiveBinding
	var exchanges []LiveExchange
	fields := []struct {
		key  string
		dst  *int
		into any
	}{{"vhosts", &c.VHosts, nil}, {"users", &c.Users, nil}, {"permissions", &c.Permissions, nil}, {"policies", &c.Policies, nil},
		{"queues", nil, &queues}, {"exchanges", nil, &exchanges}, {"bindings", nil, &bindings}}
	for _, f := range fields {
		raw, ok := defs[f.key]
		if !ok {
			return DefinitionCounts{}, fmt.Errorf("definitions lack %q: not a cluster-wide export", f.key)
		}
		n, err := decodeList(raw, f.into)
		if err != nil {
			return DefinitionCounts{}, fmt.Errorf("definitions: %q is not a list: %v", f.key, err)
		}
		if f.dst != nil {
			*f.dst = n
		}
	}
	c.Queues, c.Bindings, c.Exchanges = countQueues(queues), countBindings(bindings), countExchanges(exchanges)
	if c.VHosts == 0 {
		return c, fmt.Errorf("definitions hold no virtual host: an empty or partial export")
	}
	return c, nil
}

// decodeList counts a JSON list and, when into is set, decodes it there too.
func decodeList(raw json.RawMessage, into any) (int, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		return 0, err
	}
	if into != nil {
		if err := json.Unmarshal(raw, into); err != nil {
			return 0, err
		}
	}
	return len(list), nil
}

// countQueues counts the queues an export holds: not exclusive ones (they
// belong to a connection), not warren's own canaries.
func countQueues(qs []LiveQueue) int {
	n := 0
	for _, q := range qs {
		if !q.Exclusive && !IsCanaryQueue(q.Name) {
			n++
		}
	}
	return n
}

// countBindings counts explicit bindings (the default exchange's implicit
// ones have no source) that do not lead to a canary queue.
func countBindings(bs []LiveBinding) int {
	n := 0
	for _, b := range bs {
		toCanary := b.DestinationType == "queue" && IsCanaryQueue(b.Destination)
		if b.Source != "" && !toCanary {
			n++
		}
	}
	return n
}

// LiveObjects are the live cluster's listings, reduced to what counting needs.
type LiveObjects struct {
	VHosts      []struct{ Name string } `json:"-"`
	Users       []struct{ Name string } `json:"-"`
	Permissions []struct{ User string } `json:"-"`
	Policies    []Policy                `json:"-"`
	Queues      []LiveQueue             `json:"-"`
	Exchanges   []LiveExchange          `json:"-"`
	Bindings    []LiveBinding           `json:"-"`
}

// LiveExchange is one exchange of the live listing or of an export.
type LiveExchange struct {
	Name string `json:"name"`
}

// countExchanges counts the exchanges an operator declared: not the default
// exchange nor the amq.* ones every vhost has. A live listing shows them
// all; an export leaves them out, except that 4.3 exports amq.rabbitmq.log
// (seen on 4.3.6), so both sides are counted with this one rule.
func countExchanges(xs []LiveExchange) int {
	n := 0
	for _, x := range xs {
		if x.Name != "" && !strings.HasPrefix(x.Name, "amq.") {
			n++
		}
	}
	return n
}

// LiveQueue is one queue of the live listing.
type LiveQueue struct {
	Name      string `json:"name"`
	Exclusive bool   `json:"exclusive"`
}

// LiveBinding is one binding of the live listing (or of an export: both
// use the same field names).
type LiveBinding struct {
	Source          string `json:"source"`
	Destination     string `json:"destination"`
	DestinationType string `json:"destination_type"`
}

// CountLive counts the live objects the way an export does: exclusive
// queues belong to a connection and are not exported, nor are the default
// exchange, the amq.* exchanges and the default exchange's implicit bindings.
// warren's canary queues (CanaryQueuePrefix) and their bindings are left
// out: a killed warren's canary lingers until its x-expires.
func CountLive(l LiveObjects) DefinitionCounts {
	c := DefinitionCounts{VHosts: len(l.VHosts), Users: len(l.Users), Permissions: len(l.Permissions), Policies: len(l.Policies)}
	c.Queues, c.Bindings, c.Exchanges = countQueues(l.Queues), countBindings(l.Bindings), countExchanges(l.Exchanges)
	return c
}

// CompareCounts lists every kind of object whose count differs, as
// "queues: backup 12, live 13". Empty means the backup matches.
func CompareCounts(backup, live DefinitionCounts) []string {
	pairs := []struct {
		name string
		b, l int
	}{{"vhosts", backup.VHosts, live.VHosts}, {"users", backup.Users, live.Users}, {"permissions", backup.Permissions, live.Permissions},
		{"policies", backup.Policies, live.Policies}, {"queues", backup.Queues, live.Queues}, {"exchanges", backup.Exchanges, live.Exchanges},
		{"bindings", backup.Bindings, live.Bindings}}
	var diffs []string
	for _, p := range pairs {
		if p.b != p.l {
			diffs = append(diffs, fmt.Sprintf("%s: backup %d, live %d", p.name, p.b, p.l))
		}
	}
	return diffs
}

// String is one line for evidence.
func (c DefinitionCounts) String() string {
	return fmt.Sprintf("%d vhosts, %d users, %d permissions, %d policies, %d queues, %d exchanges, %d bindings",
		c.VHosts, c.Users, c.Permissions, c.Policies, c.Queues, c.Exchanges, c.Bindings)
}
