package model

import (
	"fmt"
	"sort"
	"strings"
)

// DefinitionChange is one thing the blue-green transform did to blue's
// definitions so that green's version imports them: the report lists
// every one, and the post-migration comparison subtracts them.
type DefinitionChange struct {
	Object string `json:"object"` // ObjectKey of what changed
	Kind   string `json:"kind"`   // the export list it belongs to
	// Skipped objects are not imported at all; otherwise some keys were
	// dropped and the rest imported.
	Skipped bool     `json:"skipped,omitempty"`
	Dropped []string `json:"dropped,omitempty"`
	Why     string   `json:"why"`
	// ConvertedTo is the queue type an object now has (--mirrored-to).
	ConvertedTo string `json:"converted_to,omitempty"`
	// Incidental changes lose nothing of the operator's: warren's own
	// canary queues, blue's cluster identity.
	Incidental bool `json:"incidental,omitempty"`
}

// String is one line for the report.
func (c DefinitionChange) String() string {
	if c.ConvertedTo != "" {
		dropped := ""
		if len(c.Dropped) > 0 {
			dropped = ", without " + strings.Join(c.Dropped, ", ")
		}
		return fmt.Sprintf("%s: declared as a %s queue%s (%s)", c.Object, c.ConvertedTo, dropped, c.Why)
	}
	if c.Skipped {
		return fmt.Sprintf("%s: not imported (%s)", c.Object, c.Why)
	}
	return fmt.Sprintf("%s: dropped %s, kept the rest (%s)", c.Object, strings.Join(c.Dropped, ", "), c.Why)
}

// queueTypeSince is the first version that has each queue type (quorum
// queues 3.8.0, streams 3.9.0: WEB:docs/quorum-queues, docs/streams).
var queueTypeSince = map[string]Version{"classic": V(0, 0, 0), "quorum": V(3, 8, 0), "stream": V(3, 9, 0)}

// mirroringGone is the version whose importer refuses the ha-* policy keys
// (classic mirroring removed in 4.0: 4.0.1 release notes; refused with
// HTTP 400 "are not recognised policy settings", tried on 4.0.5).
var mirroringGone = V(4, 0, 0)

// clusterIdentity are global parameters that name blue itself: imported
// into green they would rename green after blue.
var clusterIdentity = map[string]bool{"cluster_name": true, "internal_cluster_id": true}

// TransformOptions are the operator's choices for the transform.
type TransformOptions struct {
	// MirroredToQuorum turns each durable classic queue that a mirroring
	// policy covers on blue into a quorum queue on green (--mirrored-to
	// quorum): the replicated type that replaces mirroring.
	MirroredToQuorum bool
}

// TransformForTarget rewrites blue's definitions for a green cluster that
// runs green: ha-* keys dropped from policies on 4.x (a policy left empty
// is skipped), CQv1 queue arguments dropped on 4.3+, queues of a type green lacks skipped with their bindings,
// warren's canary queues and blue's cluster identity left behind. It never
// invents a replacement unless asked (a mirrored queue stays classic
// without opts.MirroredToQuorum).
func TransformForTarget(d Definitions, green Version, opts TransformOptions) (Definitions, []DefinitionChange) {
	out := Definitions{}
	for k, v := range d {
		out[k] = v
	}
	var changes []DefinitionChange
	if opts.MirroredToQuorum {
		changes = append(changes, mirroredToQuorum(out)...)
	}
	changes = append(changes, transformPolicies(out, green)...)
	changes = append(changes, transformQueues(out, green)...)
	changes = append(changes, transformQueueArguments(out, green)...)
	changes = append(changes, transformGlobals(out)...)
	return out, changes
}

func transformPolicies(d Definitions, green Version) []DefinitionChange {
	var kept []map[string]any
	var changes []DefinitionChange
	for _, p := range d.objects("policies") {
		def, _ := p["definition"].(map[string]any)
		dropped := droppedPolicyKeys(def, green)
		if len(dropped) == 0 {
			kept = append(kept, p)
			continue
		}
		c := DefinitionChange{Object: ObjectKey("policies", p), Kind: "policies", Dropped: dropped,
			Why: "classic queue mirroring is gone in " + green.String() + ": its importer refuses ha-* keys"}
		if len(def) == len(dropped) {
			c.Skipped, c.Why = true, "it only held ha-* keys, which "+green.String()+" refuses"
		} else {
			kept = append(kept, withDefinition(p, without(def, dropped)))
		}
		changes = append(changes, c)
	}
	d.setObjects("policies", kept)
	return changes
}

func droppedPolicyKeys(def map[string]any, green Version) []string {
	if green.Less(mirroringGone) {
		return nil
	}
	var out []string
	for _, k := range mirroringKeys {
		if _, ok := def[k]; ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}

func without(m map[string]any, keys []string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	for _, k := range keys {
		delete(out, k)
	}
	return out
}

func withDefinition(p, def map[string]any) map[string]any {
	out := without(p, nil)
	out["definition"] = def
	return out
}

// transformQueues skips queues green cannot hold (a type it lacks) and
// warren's own canaries, and the bindings that lead to them.
func transformQueues(d Definitions, green Version) []DefinitionChange {
	var kept []map[string]any
	var changes []DefinitionChange
	gone := map[string]bool{}
	for _, q := range d.objects("queues") {
		name, _ := q["name"].(string)
		vhost, _ := q["vhost"].(string)
		why := ""
		if since, known := queueTypeSince[QueueType(q)]; !known || green.Less(since) {
			why = fmt.Sprintf("RabbitMQ %s has no %s queues", green, QueueType(q))
		}
		if IsCanaryQueue(name) {
			why = "warren's own canary queue"
		}
		if why == "" {
			kept = append(kept, q)
			continue
		}
		gone[vhost+"/"+name] = true
		changes = append(changes, DefinitionChange{Object: ObjectKey("queues", q), Kind: "queues", Skipped: true, Why: why, Incidental: IsCanaryQueue(name)})
	}
	d.setObjects("queues", kept)
	var bindings []map[string]any
	for _, b := range d.objects("bindings") {
		dest, _ := b["destination"].(string)
		vhost, _ := b["vhost"].(string)
		if b["destination_type"] == "queue" && gone[vhost+"/"+dest] {
			changes = append(changes, DefinitionChange{Object: ObjectKey("bindings", b), Kind: "bindings", Skipped: true, Why: "its queue is not imported"})
			continue
		}
		bindings = append(bindings, b)
	}
	d.setObjects("bindings", bindings)
	return changes
}

// transformGlobals leaves blue's cluster name and id behind.
func transformGlobals(d Definitions) []DefinitionChange {
	var kept []map[string]any
	var changes []DefinitionChange
	for _, g := range d.objects("global_parameters") {
		name, _ := g["name"].(string)
		if clusterIdentity[name] {
			changes = append(changes, DefinitionChange{Object: "global parameter " + name, Kind: "global_parameters", Skipped: true,
				Why: "it names blue; green keeps its own", Incidental: true})
			continue
		}
		kept = append(kept, g)
	}
	if _, ok := d["global_parameters"]; ok {
		d.setObjects("global_parameters", kept)
	}
	return changes
}

// quorumRefuses are classic-only queue arguments a quorum queue declaration
// refuses or ignores (x-max-priority, lazy mode, the classic version, the
// mirroring-era master locator).
var quorumRefuses = []string{"x-max-priority", "x-queue-mode", "x-queue-version", "x-queue-master-locator"}

// mirroredToQuorum converts the durable, non-auto-delete classic queues
// whose effective policy on blue mirrors them. Exclusive or auto-delete
// queues cannot be quorum queues and stay as they are.
func mirroredToQuorum(d Definitions) []DefinitionChange {
	policies := d.policyList()
	var out []DefinitionChange
	var queues []map[string]any
	for _, q := range d.objects("queues") {
		name, _ := q["name"].(string)
		vhost, _ := q["vhost"].(string)
		p, ok := EffectivePolicy(policies, vhost, name, "classic")
		durable, _ := q["durable"].(bool)
		autoDelete, _ := q["auto_delete"].(bool)
		if QueueType(q) != "classic" || !ok || p.Definition["ha-mode"] == nil || !durable || autoDelete {
			queues = append(queues, q)
			continue
		}
		args, _ := q["arguments"].(map[string]any)
		dropped := presentKeys(args, quorumRefuses)
		args = without(args, dropped)
		args["x-queue-type"] = "quorum"
		nq := without(q, nil)
		nq["arguments"] = args
		if _, ok := q["type"]; ok {
			nq["type"] = "quorum"
		}
		queues = append(queues, nq)
		out = append(out, DefinitionChange{Object: ObjectKey("queues", q), Kind: "queues", ConvertedTo: "quorum", Dropped: dropped,
			Why: "mirrored by policy " + p.Name + " on blue; the operator chose --mirrored-to quorum"})
	}
	d.setObjects("queues", queues)
	return out
}

func presentKeys(m map[string]any, keys []string) []string {
	var out []string
	for _, k := range keys {
		if _, ok := m[k]; ok {
			out = append(out, k)
		}
	}
	return out
}

// policyList reads the export's policies as Policy values.
func (d Definitions) policyList() []Policy {
	var out []Policy
	for _, p := range d.objects("policies") {
		s := func(k string) string { v, _ := p[k].(string); return v }
		prio, _ := p["priority"].(float64)
		def, _ := p["definition"].(map[string]any)
		out = append(out, Policy{Name: s("name"), VHost: s("vhost"), Pattern: s("pattern"), ApplyTo: s("apply-to"), Priority: int(prio), Definition: def})
	}
	return out
}
