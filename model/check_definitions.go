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
// its objects. A file that is not such an export is an error.
func CountDefinitions(data []byte) (DefinitionCounts, error) {
	var defs map[string]json.RawMessage
	if err := json.Unmarshal(data, &defs); err != nil {
		return DefinitionCounts{}, fmt.Errorf("definitions do not parse: %v", err)
	}
	var c DefinitionCounts
	fields := []struct {
		key string
		dst *int
	}{{"vhosts", &c.VHosts}, {"users", &c.Users}, {"permissions", &c.Permissions}, {"policies", &c.Policies},
		{"queues", &c.Queues}, {"exchanges", &c.Exchanges}, {"bindings", &c.Bindings}}
	for _, f := range fields {
		raw, ok := defs[f.key]
		if !ok {
			return DefinitionCounts{}, fmt.Errorf("definitions lack %q: not a cluster-wide export", f.key)
		}
		var list []json.RawMessage
		if err := json.Unmarshal(raw, &list); err != nil {
			return DefinitionCounts{}, fmt.Errorf("definitions: %q is not a list: %v", f.key, err)
		}
		*f.dst = len(list)
	}
	if c.VHosts == 0 {
		return c, fmt.Errorf("definitions hold no virtual host: an empty or partial export")
	}
	return c, nil
}

// LiveObjects are the live cluster's listings, reduced to what counting needs.
type LiveObjects struct {
	VHosts      []struct{ Name string } `json:"-"`
	Users       []struct{ Name string } `json:"-"`
	Permissions []struct{ User string } `json:"-"`
	Policies    []Policy                `json:"-"`
	Queues      []struct {
		Name      string `json:"name"`
		Exclusive bool   `json:"exclusive"`
	} `json:"-"`
	Exchanges []struct {
		Name string `json:"name"`
	} `json:"-"`
	Bindings []struct {
		Source string `json:"source"`
	} `json:"-"`
}

// CountLive counts the live objects the way an export does: exclusive
// queues belong to a connection and are not exported, nor are the default
// exchange, the amq.* exchanges and the default exchange's implicit bindings.
func CountLive(l LiveObjects) DefinitionCounts {
	c := DefinitionCounts{VHosts: len(l.VHosts), Users: len(l.Users), Permissions: len(l.Permissions), Policies: len(l.Policies)}
	for _, q := range l.Queues {
		if !q.Exclusive {
			c.Queues++
		}
	}
	for _, x := range l.Exchanges {
		if x.Name != "" && !strings.HasPrefix(x.Name, "amq.") {
			c.Exchanges++
		}
	}
	for _, b := range l.Bindings {
		if b.Source != "" {
			c.Bindings++
		}
	}
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
