package model

import "fmt"

// Standing says how the knowledge tables cover a RabbitMQ version.
type Standing int

const (
	StandingKnown       Standing = iota // a matrix row covers it
	StandingCommercial                  // a commercial-only patch: known, its series' rules apply
	StandingNewerPatch                  // newer than the newest known patch of a known series: its series' rules apply
	StandingNewerSeries                 // a series newer than any known: only checks carry on, with the newest rules
	StandingUnknown                     // older than the tables, inside a gap, or never shipped
)

// commercialPatch marks the patches of a series, from First on, that were
// published to commercial (Broadcom) customers only. They are known: a
// cluster may run one and the operator may ask for one, but the planner
// never picks one as a hop (LatestPatch is the newest community patch).
type commercialPatch struct {
	First  Version
	Source string
}

// commercialOnlyPatches. Sources (see KnowledgeSources): the website's
// release list (docusaurus.config.js) ends each series at its last
// community patch, the same place rabbitmq-server's public tags end.
var commercialOnlyPatches = []commercialPatch{
	{V(3, 13, 8), "blog/2025-02-07-rabbitmq-3.13.8-is-released: 3.13 is covered by commercial support only, artifacts from the Broadcom portal"},
	{V(4, 0, 10), "the website's release list and the public tags end 4.0 at 4.0.9"},
	{V(4, 1, 9), "the website's release list and the public tags end 4.1 at 4.1.8 (community support ended 2026-01-31)"},
}

// neverShipped are patch numbers RabbitMQ skipped.
var neverShipped = []struct {
	Version Version
	Source  string
}{
	{V(3, 10, 3), "release-notes/3.10.3.md: a release pipeline glitch, 3.10.2 was followed by 3.10.4"},
	{V(3, 10, 15), "release-notes/3.10.15.md: a release pipeline failure, 3.10.16 was released instead"},
}

// StandingOf says how the tables cover v.
func StandingOf(v Version) Standing {
	for _, n := range neverShipped {
		if n.Version.Compare(v) == 0 {
			return StandingUnknown
		}
	}
	if _, ok := matrixRow(v); ok {
		return StandingKnown
	}
	latest, ok := LatestPatch(v.Series())
	switch {
	case ok && latest.Less(v) && isCommercialOnly(v):
		return StandingCommercial
	case ok && latest.Less(v):
		return StandingNewerPatch
	case !ok && NewestKnownRelease().Less(v):
		return StandingNewerSeries
	}
	return StandingUnknown
}

func isCommercialOnly(v Version) bool {
	_, ok := commercialSource(v)
	return ok
}

func commercialSource(v Version) (string, bool) {
	for _, c := range commercialOnlyPatches {
		if c.First.Series() == v.Series() && v.AtLeast(c.First) {
			return c.Source, true
		}
	}
	return "", false
}

// VersionWarning says, for a version the tables do not list as such, which
// rules warren applies to it and why; "" for a listed community release.
func VersionWarning(v Version) string {
	latest, _ := LatestPatch(v.Series())
	switch StandingOf(v) {
	case StandingCommercial:
		src, _ := commercialSource(v)
		return fmt.Sprintf("RabbitMQ %s is a commercial-only release (%s): warren applies the %s rules of %s to it; read its release notes from the Broadcom portal",
			v, src, v.Series(), latest)
	case StandingNewerPatch:
		return fmt.Sprintf("RabbitMQ %s is newer than warren's tables (%s known up to %s, checked %s): it is handled with %s's rules; read its release notes for changes since %s",
			v, v.Series(), latest, KnowledgeCheckedOn, latest, latest)
	case StandingNewerSeries:
		return fmt.Sprintf("RabbitMQ %s belongs to a series warren's tables do not know (checked %s, newest known release %s): checks use %s's rules; check the upgrade guide by hand",
			v, KnowledgeCheckedOn, NewestKnownRelease(), NewestKnownRelease())
	case StandingUnknown:
		return CheckKnown(v).Error()
	}
	return ""
}

// RulesVersion is the version whose table rows apply to v: v itself, or
// for a version newer than the tables the newest known release of its
// series (or of all series). ok is false for a version the tables cannot
// stand in for (older than them, or never shipped).
func RulesVersion(v Version) (Version, bool) {
	switch StandingOf(v) {
	case StandingKnown:
		return v, true
	case StandingCommercial, StandingNewerPatch:
		latest, _ := LatestPatch(v.Series())
		return latest, true
	case StandingNewerSeries:
		return NewestKnownRelease(), true
	}
	return Version{}, false
}
