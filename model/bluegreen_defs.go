package model

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Definitions is a cluster-wide definitions export held as generic JSON
// objects: the blue-green transform rewrites it and must keep every field
// it does not understand exactly as the broker wrote it.
type Definitions map[string]any

// ParseDefinitions reads an export; a file without vhosts is not one.
func ParseDefinitions(data []byte) (Definitions, error) {
	var d Definitions
	if err := json.Unmarshal(data, &d); err != nil {
		return nil, fmt.Errorf("definitions do not parse: %v", err)
	}
	if _, ok := d["vhosts"].([]any); !ok {
		return nil, fmt.Errorf("definitions lack a vhosts list: not a cluster-wide export")
	}
	return d, nil
}

// Marshal writes the definitions back as JSON.
func (d Definitions) Marshal() ([]byte, error) { return json.MarshalIndent(d, "", "  ") }

// objects is one list of the export ("queues", "policies"...), each an
// object; entries that are not objects are left out.
func (d Definitions) objects(kind string) []map[string]any {
	list, _ := d[kind].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, v := range list {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func (d Definitions) setObjects(kind string, objs []map[string]any) {
	list := make([]any, len(objs))
	for i, o := range objs {
		list[i] = o
	}
	d[kind] = list
}

// DefinitionKinds are the lists an export holds that the migration moves
// and verifies, in import order.
var DefinitionKinds = []string{"users", "vhosts", "permissions", "topic_permissions", "parameters", "policies", "queues", "exchanges", "bindings"}

// ObjectKey names one object of a kind the way an operator finds it:
// "queue orders in vhost shop".
func ObjectKey(kind string, o map[string]any) string {
	s := func(k string) string { v, _ := o[k].(string); return v }
	singular := map[string]string{"policies": "policy"}[kind]
	if singular == "" {
		singular = strings.TrimSuffix(kind, "s")
	}
	switch kind {
	case "users", "vhosts":
		return strings.TrimSuffix(kind, "s") + " " + s("name")
	case "permissions", "topic_permissions":
		return fmt.Sprintf("%s of %s in vhost %s", strings.TrimSuffix(kind, "s"), s("user"), s("vhost"))
	case "parameters":
		return fmt.Sprintf("parameter %s/%s in vhost %s", s("component"), s("name"), s("vhost"))
	case "bindings":
		return fmt.Sprintf("binding %s → %s %s (%q) in vhost %s", s("source"), s("destination_type"), s("destination"), s("routing_key"), s("vhost"))
	}
	return fmt.Sprintf("%s %s in vhost %s", singular, s("name"), s("vhost"))
}

// QueueType is a queue's type in an export: the "type" field of newer
// versions, else its x-queue-type argument, else classic.
func QueueType(q map[string]any) string {
	if t, _ := q["type"].(string); t != "" {
		return t
	}
	args, _ := q["arguments"].(map[string]any)
	if t, _ := args["x-queue-type"].(string); t != "" {
		return t
	}
	return "classic"
}

// MigratedQueue is one queue the migration moves: its messages are
// federated and shovelled from blue to green.
type MigratedQueue struct {
	VHost string `json:"vhost"`
	Name  string `json:"name"`
	Type  string `json:"type"`
}

// Key is "vhost/name", as Queue.Key.
func (q MigratedQueue) Key() string { return q.VHost + "/" + q.Name }

// MigratedQueues lists the durable, non-exclusive queues of the
// definitions, sorted: what the message moves cover.
func (d Definitions) MigratedQueues() []MigratedQueue {
	var out []MigratedQueue
	for _, q := range d.objects("queues") {
		name, _ := q["name"].(string)
		vhost, _ := q["vhost"].(string)
		out = append(out, MigratedQueue{VHost: vhost, Name: name, Type: QueueType(q)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key() < out[j].Key() })
	return out
}

// KindCounts says how many objects of each kind the definitions hold, in
// import order ("2 users", "1 vhosts"...), kinds without objects left out.
func (d Definitions) KindCounts() []string {
	var out []string
	for _, kind := range DefinitionKinds {
		if n := len(d.objects(kind)); n > 0 {
			out = append(out, fmt.Sprintf("%d %s", n, kind))
		}
	}
	return out
}

// Parameters are the export's runtime parameters (dynamic shovels,
// federation upstreams...), as the API lists them.
func (d Definitions) Parameters() []Parameter {
	var out []Parameter
	for _, p := range d.objects("parameters") {
		s := func(k string) string { v, _ := p[k].(string); return v }
		out = append(out, Parameter{Component: s("component"), VHost: s("vhost"), Name: s("name"), Value: p["value"]})
	}
	return out
}
