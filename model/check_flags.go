package model

import "fmt"

// FeatureFlagFindings reports stable flags left disabled. A flag the target
// requires (RequiredFlagsBefore) is a blocker: the upgraded node would refuse
// to boot. Any other disabled stable flag is a warning: the docs ask for all
// stable flags before every upgrade, and the next hop may require it.
func FeatureFlagFindings(f CheckFacts) []Finding {
	flags := f.Snapshot.Flags
	if flags.Err != "" {
		return []Finding{notChecked("feature flags", flags.Err)}
	}
	if !flags.OK() {
		return []Finding{notChecked("feature flags", "the feature flag list was not read")}
	}
	required := map[string]string{}
	for _, r := range RequiredFlagsBefore(f.Target) {
		for _, name := range r.Flags {
			if _, seen := required[name]; !seen {
				required[name] = fmt.Sprintf("required by %s (%s)", r.Target.Series(), r.Rule)
			}
		}
	}
	from, _ := CurrentVersion(f.Snapshot)
	cmd := EnableAllFlagsCommand(from)
	var fs []Finding
	for _, fl := range flags.Value {
		if fl.Enabled() || fl.Stability != "stable" && fl.Stability != "required" {
			continue
		}
		if fl.State != "disabled" {
			continue // "unavailable"/"unsupported": some node does not know it
		}
		fs = append(fs, disabledFlag(fl, required[fl.Name], f.Target, cmd))
	}
	return fs
}

func disabledFlag(fl FeatureFlag, requiredBy string, target Version, enableAll string) Finding {
	ev := []string{fmt.Sprintf("%s: %s (%s, provided by %s)", fl.Name, fl.State, fl.Stability, dash(fl.ProvidedBy))}
	f := Finding{Code: CodeFeatureFlagDisabled, Severity: Warning, Title: "stable feature flag " + fl.Name + " is disabled",
		Evidence: ev,
		Remedy:   "rabbitmqctl enable_feature_flag " + fl.Name + " (or: " + enableAll + "); enable all stable flags before every upgrade",
		Doc:      DocFeatureFlags}
	if requiredBy != "" {
		f.Severity = Blocker
		f.Title = fmt.Sprintf("feature flag %s must be enabled before upgrading to %s", fl.Name, target)
		f.Evidence = append(f.Evidence, requiredBy+": the upgraded node refuses to boot while it is disabled")
	}
	return f
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
