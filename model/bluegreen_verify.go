package model

import (
	"fmt"
	"sort"
	"strings"
)

// compared are the fields that must agree for an object on green to count
// as the one blue had; identity fields are in ObjectKey. Counters, node
// placement and other runtime state never are.
var compared = map[string][]string{
	"users":             {"password_hash", "hashing_algorithm", "tags"},
	"permissions":       {"configure", "write", "read"},
	"topic_permissions": {"exchange", "write", "read"},
	"parameters":        {"value"},
	"policies":          {"pattern", "apply-to", "priority", "definition"},
	"queues":            {"durable", "auto_delete", "type"},
	"exchanges":         {"type", "durable", "auto_delete", "internal"},
	"bindings":          {"arguments"},
}

// fieldValue is a comparable rendering of one field. Tags are a string in
// 3.x exports and a list in 4.x ones; a queue's type is derived.
func fieldValue(kind, field string, o map[string]any) string {
	switch {
	case field == "type" && kind == "queues":
		return QueueType(o)
	case field == "tags":
		return normalTags(o["tags"])
	case field == "arguments":
		if m, ok := o[field].(map[string]any); !ok || len(m) == 0 {
			return "{}"
		}
	}
	return fmt.Sprintf("%v", o[field])
}

func normalTags(v any) string {
	var tags []string
	switch t := v.(type) {
	case string:
		for _, s := range strings.Split(t, ",") {
			if s = strings.TrimSpace(s); s != "" {
				tags = append(tags, s)
			}
		}
	case []any:
		for _, s := range t {
			tags = append(tags, fmt.Sprint(s))
		}
	}
	sort.Strings(tags)
	return strings.Join(tags, ",")
}

// index maps each object of a kind by its key.
func (d Definitions) index(kind string) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, o := range d.objects(kind) {
		out[ObjectKey(kind, o)] = o
	}
	return out
}

// differences says how have's copy of o differs from o ("" when it agrees).
func differences(kind string, o, have map[string]any) string {
	var diffs []string
	for _, f := range compared[kind] {
		if a, b := fieldValue(kind, f, o), fieldValue(kind, f, have); a != b {
			if f == "password_hash" {
				a, b = "(blue's)", "(another)"
			}
			diffs = append(diffs, fmt.Sprintf("%s %s, not %s", f, b, a))
		}
	}
	return strings.Join(diffs, "; ")
}

// VerifyImported checks, object by object, that green holds every object
// of want (the transformed definitions) as want has it. It returns one line
// per object missing or different, and how many objects agreed.
func VerifyImported(want, green Definitions) (problems []string, agreed int) {
	for _, kind := range DefinitionKinds {
		have := green.index(kind)
		for _, o := range want.objects(kind) {
			key := ObjectKey(kind, o)
			h, ok := have[key]
			switch {
			case !ok:
				problems = append(problems, key+": missing on green")
			case differences(kind, o, h) != "":
				problems = append(problems, key+": "+differences(kind, o, h))
			default:
				agreed++
			}
		}
	}
	return problems, agreed
}

// clashKinds are the objects an import would not reconcile: RabbitMQ keeps
// an existing queue or exchange as it is, and overwrites a policy.
var clashKinds = []string{"queues", "exchanges", "policies"}

// Clashes lists the objects green already holds under the same name with
// other properties: importing would leave green's (queues, exchanges) or
// replace it (policies), silently either way. Identical objects are not
// clashes: a resumed import finds its own work.
func Clashes(want, green Definitions) []string {
	var out []string
	for _, kind := range clashKinds {
		have := green.index(kind)
		for _, o := range want.objects(kind) {
			key := ObjectKey(kind, o)
			if h, ok := have[key]; ok {
				if d := differences(kind, o, h); d != "" {
					out = append(out, key+" already on green with "+d)
				}
			}
		}
	}
	return out
}
