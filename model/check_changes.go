package model

import "fmt"

// CodeBehaviourChange is an information finding: a release between the
// cluster's version and the target changes behaviour an operator should
// know about during the run, not only in `warren plan`.
const CodeBehaviourChange = "BEHAVIOUR_CHANGE"

// ChangeFindings lists, as information, the notable changes of every
// release the upgrade crosses and the advice for every series hop on the
// route (the same knowledge `warren plan` prints per hop).
func ChangeFindings(f CheckFacts) []Finding {
	from, ok := CurrentVersion(f.Snapshot)
	if !ok || !from.Less(f.Target) {
		return nil
	}
	var fs []Finding
	for _, c := range ChangesBetween(from, f.Target) {
		fs = append(fs, Finding{Code: CodeBehaviourChange, Severity: Info,
			Title:    fmt.Sprintf("%s changes behaviour: read before the run", c.Version.Series()),
			Evidence: []string{c.Summary, "source: " + c.Source}, Doc: DocUpgrade})
	}
	prev := from.Series()
	for _, next := range seriesRoute(from.Series(), f.Target.Series()) {
		for _, note := range notesForHop(prev, next) {
			fs = append(fs, Finding{Code: CodeBehaviourChange, Severity: Info,
				Title: fmt.Sprintf("%s → %s: advice for this hop", prev, next), Evidence: []string{note}, Doc: DocUpgrade})
		}
		prev = next
	}
	return fs
}
