package model

import (
	"fmt"
	"sort"
	"strings"
)

// mirroringKeys are the policy keys of classic queue mirroring.
var mirroringKeys = []string{"ha-mode", "ha-params", "ha-sync-mode", "ha-sync-batch-size", "ha-promote-on-shutdown", "ha-promote-on-failure"}

// DeprecationFindings finds deprecated features in use: warren's own
// detection works on every version (policies with ha-* keys, policies with
// queue-master-locator, transient non-exclusive queues); on 3.13+ the
// cluster's own /api/deprecated-features/used adds what only it can see.
func DeprecationFindings(f CheckFacts) []Finding {
	var fs []Finding
	seen := map[string]bool{}
	if f.PoliciesErr != "" {
		fs = append(fs, notChecked("policies (classic mirroring)", f.PoliciesErr))
	} else {
		if m := MirroringFindings(f.Policies, f.Target); m != nil {
			fs = append(fs, *m)
			seen["classic_queue_mirroring"] = true
		}
		if l := policyKeyFinding(f.Policies, "queue-master-locator", "queue_master_locator", f.Target); l != nil {
			fs = append(fs, *l)
			seen["queue_master_locator"] = true
		}
	}
	if f.QueuesErr != "" {
		fs = append(fs, notChecked("queues (transient non-exclusive)", f.QueuesErr))
	} else {
		if t := TransientQueueFinding(f.Queues, f.Target); t != nil {
			fs = append(fs, *t)
			seen["transient_nonexcl_queues"] = true
		}
		if a := RefusedArgumentFinding(f.Queues, f.Target); a != nil {
			fs = append(fs, *a)
		}
	}
	switch {
	case f.DeprecatedErr != "":
		fs = append(fs, Finding{Code: CodeNotChecked, Severity: Warning, Title: "/api/deprecated-features/used could not be read",
			Evidence: []string{f.DeprecatedErr}, Remedy: "run rabbitmq-diagnostics check_if_any_deprecated_features_are_used on a node"})
	case f.DeprecatedSupported:
		for _, name := range f.DeprecatedUsed {
			if !seen[name] {
				fs = append(fs, reportedInUse(name, f.Target))
			}
		}
	default:
		fs = append(fs, notInVersion(f.Snapshot, DeprecatedFeaturesAPI,
			"warren's own detection ran instead: policies with ha-* or queue-master-locator keys, transient non-exclusive queues"))
	}
	return fs
}

// MirroringFindings names every policy that mirrors classic queues. On a
// 4.x target mirroring is gone: the queues silently become single-replica,
// so it is a blocker; before that it is a warning to plan the migration.
func MirroringFindings(policies []Policy, target Version) *Finding {
	var ev []string
	for _, p := range policies {
		keys := policyKeys(p, mirroringKeys)
		if len(keys) == 0 {
			continue
		}
		ev = append(ev, fmt.Sprintf("policy %q in vhost %q (pattern %q, apply-to %s): %s", p.Name, p.VHost, p.Pattern, dash(p.ApplyTo), strings.Join(keys, ", ")))
	}
	if len(ev) == 0 {
		return nil
	}
	f := Finding{Code: CodeClassicMirroring, Severity: Warning, Title: fmt.Sprintf("%d polic%s mirror classic queues (deprecated)", len(ev), plural(len(ev), "y", "ies")),
		Evidence: capEvidence(ev),
		Remedy:   "migrate the mirrored queues to quorum queues, then remove the ha-* keys (rabbitmqctl clear_policy -p VHOST NAME, or on 3.13: rabbitmqctl remove_classic_queue_mirroring_from_policies)",
		Doc:      DocMigrateMirroring}
	if target.Major >= 4 {
		f.Severity = Blocker
		f.Title = fmt.Sprintf("classic queue mirroring is removed in 4.0: %d polic%s still mirror queues", len(ev), plural(len(ev), "y", "ies"))
	}
	return &f
}

func policyKeys(p Policy, keys []string) []string {
	var out []string
	for _, k := range keys {
		if v, ok := p.Definition[k]; ok {
			out = append(out, fmt.Sprintf("%s=%v", k, v))
		}
	}
	return out
}

func policyKeyFinding(policies []Policy, key, feature string, target Version) *Finding {
	var ev []string
	for _, p := range policies {
		if kv := policyKeys(p, []string{key}); len(kv) > 0 {
			ev = append(ev, fmt.Sprintf("policy %q in vhost %q: %s", p.Name, p.VHost, kv[0]))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return deprecatedFinding(feature, target, capEvidence(ev))
}

// TransientQueueFinding counts durable=false, exclusive=false queues.
func TransientQueueFinding(queues []Queue, target Version) *Finding {
	var ev []string
	for _, q := range queues {
		if !q.Durable && !q.Exclusive {
			ev = append(ev, fmt.Sprintf("queue %q in vhost %q (%s, auto_delete=%t)", q.Name, q.VHost, dash(q.Type), q.AutoDelete))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	sort.Strings(ev)
	return deprecatedFinding("transient_nonexcl_queues", target, append([]string{fmt.Sprintf("%d transient non-exclusive queue(s)", len(ev))}, capEvidence(ev)...))
}

func reportedInUse(name string, target Version) Finding {
	f := deprecatedFinding(name, target, []string{name + ": reported in use by /api/deprecated-features/used"})
	return *f
}

// deprecatedFinding rates a feature by its phase on the target: a phase that
// breaks it (denied, disconnected, removed) is a blocker; still permitted is
// a warning, or info when the feature is not yet tracked on the target.
func deprecatedFinding(name string, target Version, ev []string) *Finding {
	feat, known := LookupDeprecatedFeature(name)
	f := Finding{Code: CodeDeprecatedInUse, Severity: Warning, Title: "deprecated feature in use: " + name,
		Evidence: ev, Remedy: "stop using it before the release that removes it", Doc: DocDeprecated}
	if !known {
		return &f
	}
	phase := feat.PhaseAt(target)
	f.Title = fmt.Sprintf("deprecated feature in use: %s", feat.Title)
	if feat.Replacement != "" {
		f.Remedy = "move to " + feat.Replacement
	}
	switch {
	case phase.Breaks():
		f.Severity = Blocker
		f.Title += fmt.Sprintf(" (%s on %s)", phaseWords(phase), target)
	case phase == PhaseNone:
		f.Severity = Info
	}
	return &f
}

func phaseWords(p Phase) string { return strings.ReplaceAll(string(p), "_", " ") }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// CQv1ArgumentsRefusedSince: 4.3.0 refuses to declare a queue with
// x-queue-mode (any value) or x-queue-version=1 (release-notes/4.3.0.md,
// "Classic Queues v1 Storage (CQv1) is Removed").
var CQv1ArgumentsRefusedSince = V(4, 3, 0)

// RefusedArgumentFinding names the queues declared with arguments the
// target refuses. The queues themselves keep working; the applications that
// declare them fail on their next declaration (usually every reconnect),
// so the applications must change before the upgrade.
func RefusedArgumentFinding(queues []Queue, target Version) *Finding {
	if target.Less(CQv1ArgumentsRefusedSince) {
		return nil
	}
	var ev []string
	for _, q := range queues {
		if arg := refusedArgument(q.Arguments); arg != "" {
			ev = append(ev, fmt.Sprintf("queue %q in vhost %q declared with %s", q.Name, q.VHost, arg))
		}
	}
	if len(ev) == 0 {
		return nil
	}
	return &Finding{Code: CodeQueueArgumentRefused, Severity: Blocker,
		Title:    fmt.Sprintf("%d queue(s) declared with arguments %s refuses", len(ev), target.Series()),
		Evidence: append([]string{"4.3 fails every declaration with x-queue-mode (any value) or x-queue-version=1 (release-notes/4.3.0.md); existing queues keep working"}, capEvidence(ev)...),
		Remedy:   "change the applications to stop sending x-queue-mode and x-queue-version=1 before upgrading; recreate the queues without them",
		Doc:      "https://www.rabbitmq.com/docs/queues#optional-arguments"}
}

func refusedArgument(args map[string]any) string {
	if keys := CQv1ArgumentKeys(args); len(keys) > 0 {
		return fmt.Sprintf("%s=%v", keys[0], args[keys[0]])
	}
	return ""
}
