package model

import (
	"fmt"
	"strings"
)

// PathFindings judges the jump from the cluster's lowest version to the
// target: mixed versions, unknown versions, skipped minors, missing minimum
// patches and combinations with no in-place path.
func PathFindings(f CheckFacts) []Finding {
	versions := NodeVersions(f.Snapshot)
	if len(versions) == 0 {
		return []Finding{notChecked("the RabbitMQ version", "no node reported its version: "+f.Snapshot.Overview.Err)}
	}
	fs := mixedVersionFindings(versions)
	from, ok := CurrentVersion(f.Snapshot)
	if !ok {
		return append(fs, Finding{Code: CodeVersionUnknown, Severity: Blocker, Title: "the running RabbitMQ version cannot be read",
			Evidence: versionEvidence(versions), Remedy: "check the node versions with rabbitmqctl version"})
	}
	fs = append(fs, tableCoverageFindings(from, f.Target)...)
	return append(fs, jumpFindings(from, f.Target, khepriEnabled(f.Snapshot.Flags.Value))...)
}

// tableCoverageFindings: a running or target version the tables do not
// list as such is a warning, never a refusal; the check carries on with
// the nearest known rules (VersionWarning says which).
func tableCoverageFindings(from, to Version) []Finding {
	fs := coverageFinding("running", from)
	if to.Compare(from) != 0 {
		fs = append(fs, coverageFinding("target", to)...)
	}
	return fs
}

func coverageFinding(role string, v Version) []Finding {
	w := VersionWarning(v)
	if w == "" {
		return nil
	}
	return []Finding{{Code: CodeVersionUnknown, Severity: Warning,
		Title:    fmt.Sprintf("warren's tables do not list the %s version %s as such", role, v),
		Evidence: []string{w, KnowledgeSummary()},
		Remedy:   "read the release notes of " + v.String() + " and check the path in the upgrade guide", Doc: DocUpgrade}}
}

func jumpFindings(from, to Version, khepri bool) []Finding {
	if from.Compare(to) == 0 {
		return []Finding{{Code: CodeAlreadyOnTarget, Severity: Info, Title: "the cluster already runs " + to.String(),
			Evidence: []string{"lowest node version: " + from.String()}}}
	}
	if StandingOf(to) == StandingNewerSeries {
		return nil // the path into a series warren does not know: the coverage warning says so
	}
	verdict := CheckDirectUpgrade(from, to, khepri)
	ev := []string{fmt.Sprintf("cluster runs %s (lowest node), target %s", from, to), verdict.Reason}
	planCmd := fmt.Sprintf("warren plan --from %s --to %s", from, to)
	switch {
	case verdict.Allowed && verdict.Strategy == FullStop:
		// warren's runbook is rolling only: refuse clearly rather than
		// let a node-by-node run mix versions that cannot run together.
		return []Finding{{Code: CodePathNeedsFullStop, Severity: Blocker, Title: fmt.Sprintf("%s → %s needs a full-stop upgrade, which warren's rolling runbook does not do", from, to),
			Evidence: ev, Remedy: "stop every node, install " + to.String() + " on each, start the last node stopped first (the steps are in: " + planCmd + "); or migrate blue-green",
			Doc: verdict.DocURL}}
	case verdict.Allowed:
		return nil
	case verdict.SkipsMinor:
		via := make([]string, len(verdict.Via))
		for i, s := range verdict.Via {
			via[i] = s.String()
		}
		if len(via) > 0 {
			ev = append(ev, "hops: "+strings.Join(via, " → "))
		}
		return []Finding{{Code: CodePathSkipsMinor, Severity: Blocker, Title: fmt.Sprintf("%s → %s skips a minor series", from.Series(), to.Series()),
			Evidence: ev, Remedy: "upgrade through each series in turn (latest patch of each, enabling all feature flags after every hop): " + planCmd, Doc: verdict.DocURL}}
	case verdict.Strategy == BlueGreen:
		return []Finding{{Code: CodeNoInPlacePath, Severity: Blocker, Title: fmt.Sprintf("no in-place upgrade from %s to %s", from, to),
			Evidence: ev, Remedy: "migrate blue-green (new cluster, import definitions, move clients: " + BlueGreenCommand(to) + "), or take another route: " + planCmd, Doc: verdict.DocURL}}
	}
	min := MinimumSourceFor(from.Series())
	return []Finding{{Code: CodePathNeedsPatch, Severity: Blocker, Title: fmt.Sprintf("%s must first reach %s", from, min),
		Evidence: ev, Remedy: fmt.Sprintf("upgrade to %s %s first (a patch upgrade), then to %s: %s", from.Series(), latestOr(from.Series(), min), to, planCmd), Doc: verdict.DocURL}}
}

func latestOr(s Series, fallback Version) string {
	if v, ok := LatestPatch(s); ok {
		return v.String()
	}
	return fallback.String()
}

// mixedVersionFindings: a cluster already on two series is mid-upgrade (a
// blocker: finish that one first); two patches of one series is a warning.
func mixedVersionFindings(versions map[string]string) []Finding {
	distinct := map[string]bool{}
	series := map[string]bool{}
	for _, raw := range versions {
		distinct[raw] = true
		if v, err := ParseVersion(raw); err == nil {
			series[v.Series().String()] = true
		}
	}
	if len(distinct) < 2 {
		return nil
	}
	f := Finding{Code: CodeMixedVersions, Severity: Warning, Title: "nodes run different RabbitMQ versions",
		Evidence: versionEvidence(versions),
		Remedy:   "bring every node to the same version before starting another upgrade; mixed-version clusters are meant to last hours, not days",
		Doc:      DocRollingUpgrade}
	if len(series) > 1 {
		f.Severity = Blocker
		f.Title = "nodes run different RabbitMQ series: a previous upgrade is unfinished"
	}
	return []Finding{f}
}

func versionEvidence(versions map[string]string) []string {
	var ev []string
	for _, node := range sortedKeys(versions) {
		ev = append(ev, node+": "+versions[node])
	}
	return ev
}

func khepriEnabled(flags []FeatureFlag) bool {
	for _, fl := range flags {
		if fl.Name == "khepri_db" && fl.Enabled() {
			return true
		}
	}
	return false
}
