package steps

import "strings"

// StepProgress says whether a step of the run ever started and whether it
// is done (passed, acknowledged or skipped).
type StepProgress func(id string) (started, done bool)

// RollbackSkips are the rollback steps that do not apply to this run, with
// why: a rollback undoes what the run did, and only that. A node the run
// never stopped is left alone, its verify gate included (the last gate
// compares the whole cluster with the inventory); a node stopped but never
// given the new version is only started again and verified.
func RollbackSkips(list []Step, progress StepProgress) map[string]string {
	out := map[string]string{}
	for _, s := range list {
		node, part, ok := rollbackPart(s.ID)
		if !ok {
			continue
		}
		stopStarted, _ := progress(RollingID(node, PartStop))
		pkgStarted, _ := progress(RollingID(node, PartPackage))
		switch {
		case !stopStarted:
			out[s.ID] = "this run never stopped " + node + ": nothing to undo"
		case !pkgStarted && (part == rollbackRestore || part == rollbackReinstall):
			out[s.ID] = node + " never got the new version: its data and package are as they were"
		}
	}
	return out
}

// rollbackPart splits "rollback/NODE/PART".
func rollbackPart(id string) (node, part string, ok bool) {
	rest, ok := strings.CutPrefix(id, "rollback/")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndex(rest, "/")
	if i <= 0 {
		return "", "", false
	}
	return rest[:i], rest[i+1:], true
}
