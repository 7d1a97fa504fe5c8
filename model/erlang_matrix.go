package model

import "fmt"

// ErlangRow is one row of the RabbitMQ/Erlang compatibility matrix: every
// RabbitMQ patch from First to Last runs on Erlang Min..Max.
type ErlangRow struct {
	First, Last Version
	Min, Max    ErlangVersion
	Note        string
}

// r16b03 is the last pre-17 naming that RabbitMQ 3.6 supports.
var r16b03 = ErlangVersion{Parts: []int{16, 3}, Raw: "R16B03"}

// erlangMatrix is the per-patch-range Erlang compatibility matrix.
//
// Source: rabbitmq-upgrade-facts.md §1.1, from the official table at
// https://www.rabbitmq.com/docs/which-erlang (and its 3.13–4.2 versioned
// copies). Rows beyond that table cite their release notes: 3.12.14
// (release-notes/3.12.14.md: "requires Erlang 25 and supports Erlang
// versions up to 26.2.x") and 4.1.5–4.1.8 (the table stops at 4.1.4; the
// release notes 4.1.5–4.1.8 change no Erlang requirement, and 4.1.8 is the
// last community 4.1 patch: the last public tag, and the last 4.1 entry of
// the website's release list). Later 4.1 patches are commercial-only
// (commercialOnlyPatches), never rows here: a row's Last is what the
// planner picks as a hop.
//
// To add a release: extend the Last of the matching row, or append a row
// when the Erlang range changes. The latest known patch of every series
// (LatestPatch) is derived from this table, so nothing else needs editing.
var erlangMatrix = []ErlangRow{
	{V(3, 6, 0), V(3, 6, 3), r16b03, EX(18, 3), ""},
	{V(3, 6, 4), V(3, 6, 10), r16b03, EX(19, 3), ""},
	{V(3, 6, 11), V(3, 6, 14), r16b03, EX(20, 1), "3.6.14 is the last release that works with R16B03"},
	{V(3, 6, 15), V(3, 6, 16), E(19, 3), EX(20, 3), "3.6 reached end of life on 2018-05-31"},
	{V(3, 7, 0), V(3, 7, 6), E(19, 3), EX(20), ""},
	{V(3, 7, 7), V(3, 7, 10), E(19, 3), EX(21), ""},
	{V(3, 7, 11), V(3, 7, 14), E(20, 3), EX(21), ""},
	{V(3, 7, 15), V(3, 7, 18), E(20, 3), EX(22), ""},
	// 3.7.28 is not in the official table: release-notes/3.7.28.md (a security
	// release) requires Erlang 21.3 and names 21.3.x and 22.x.
	{V(3, 7, 19), V(3, 7, 28), E(21, 3), EX(22), "3.7 reached end of life on 2020-09-30; 3.7.28 is a later security release"},
	{V(3, 8, 0), V(3, 8, 3), E(21, 3), EX(22), ""},
	{V(3, 8, 4), V(3, 8, 8), E(21, 3), EX(23), ""},
	{V(3, 8, 9), V(3, 8, 15), E(22, 3), EX(23), ""},
	{V(3, 8, 16), V(3, 8, 28), E(23, 2), E(24, 2), "3.8.16 is the first 3.8 patch that supports OTP 24, and it requires 23.2"},
	{V(3, 8, 29), V(3, 8, 35), E(23, 2), E(24, 3), "3.8.29 is the first 3.8 patch that supports 24.3; 3.8 reached end of life on 2022-07-31"},
	{V(3, 9, 0), V(3, 9, 14), E(23, 2), E(24, 2), ""},
	{V(3, 9, 15), V(3, 9, 21), E(23, 3), E(24, 3), "3.9.15 is the first 3.9 patch that supports OTP 24.3"},
	{V(3, 9, 22), V(3, 9, 27), E(24, 2), E(24, 3), ""},
	{V(3, 9, 28), V(3, 9, 29), E(24, 3, 4, 2), E(25, 2), ""},
	{V(3, 10, 0), V(3, 10, 4), E(23, 2), E(24, 3), ""},
	{V(3, 10, 5), V(3, 10, 7), E(23, 2), E(25, 2), ""},
	{V(3, 10, 8), V(3, 10, 13), E(24, 2), E(25, 2), ""},
	{V(3, 10, 14), V(3, 10, 18), E(24, 3), E(25, 2), "the official table has no 3.10.15 entry"},
	{V(3, 10, 19), V(3, 10, 25), E(24, 3, 4, 8), EX(25, 3), ""},
	{V(3, 11, 0), V(3, 11, 28), E(25, 0), EX(25, 3), "Erlang 26 is only supported starting with 3.12.0"},
	{V(3, 12, 0), V(3, 12, 4), E(25, 0), EX(26, 0), ""},
	{V(3, 12, 5), V(3, 12, 9), E(25, 0), EX(26, 1), ""},
	{V(3, 12, 10), V(3, 12, 13), E(25, 0), EX(26, 2), ""},
	{V(3, 12, 14), V(3, 12, 14), E(25, 0), EX(26, 2), "from the 3.12.14 release notes (not in the official table)"},
	{V(3, 13, 0), V(3, 13, 7), E(26, 0), EX(26, 2), "the 3.13.7 release notes say it requires Erlang 26 and supports up to 26.2.x"},
	{V(4, 0, 1), V(4, 0, 3), E(26, 2), EX(26, 2), ""},
	{V(4, 0, 4), V(4, 0, 9), E(26, 2), EX(27), "Erlang 27 is supported from 4.0.4"},
	{V(4, 1, 0), V(4, 1, 8), E(26, 2), EX(27), "Erlang 28 is not supported by 4.1.x (versioned_docs/version-4.1/which-erlang.md)"},
	{V(4, 2, 0), V(4, 2, 8), E(26, 2), EX(27), "Erlang 28 is only partly supported (brand new clusters only)"},
	// 4.2.10 is a community release with no public source yet: the
	// website lists it (docusaurus.config.js release list, 2026-08-17 — a
	// list that leaves commercial-only patches out), which-erlang.md puts it
	// with 4.2.9 on 27.0–27.x, and advisories GHSA-pj8f-mw2q-3xjj and
	// GHSA-jv99-v328-mvmm (2026-08-18) name it as the fix; rabbitmq-server
	// has no v4.2.10 tag and no release-notes/4.2.10.md at 5b09e556
	// (2026-08-21, nor on v4.2.x). 4.3.0.md asks for "the latest available
	// 4.2.x patch" before 4.3, so it stays the series' last patch.
	{V(4, 2, 9), V(4, 2, 10), E(27, 0), EX(27), "4.2.9 raises the minimum to Erlang 27.0 (release-notes/4.2.9.md); 4.2.10 from the website's which-erlang.md and release list, no public tag yet"},
	{V(4, 3, 0), V(4, 3, 2), E(26, 2), EX(27), ""},
	{V(4, 3, 3), V(4, 3, 5), E(27, 0), EX(27), "4.3.3 raises the minimum to 27.0 because OTP 26 is end of life; nodes fail to start on older Erlang"},
}

// matrixRow returns the row that lists v.
func matrixRow(v Version) (ErlangRow, bool) {
	for _, row := range erlangMatrix {
		if v.Between(row.First, row.Last) {
			return row, true
		}
	}
	return ErlangRow{}, false
}

// ErlangRequirement returns the matrix row that applies to v: the row that
// lists it or, for a patch newer than the tables (or commercial-only), the
// row of its series' newest known patch (see RulesVersion).
func ErlangRequirement(v Version) (ErlangRow, bool) {
	if s := StandingOf(v); s != StandingKnown && s != StandingCommercial && s != StandingNewerPatch {
		return ErlangRow{}, false
	}
	rules, _ := RulesVersion(v)
	return matrixRow(rules)
}

// ErlangRange returns the Erlang versions RabbitMQ v runs on; ok is false
// for a version warren does not know.
func ErlangRange(v Version) (min, max ErlangVersion, ok bool) {
	row, ok := ErlangRequirement(v)
	return row.Min, row.Max, ok
}

// ErlangSupported reports whether RabbitMQ v runs on Erlang e; ok is false
// for an unknown RabbitMQ version.
func ErlangSupported(v Version, e ErlangVersion) (supported, ok bool) {
	min, max, ok := ErlangRange(v)
	if !ok {
		return false, false
	}
	return e.In(min, max), true
}

// newestErlangMajorInTables is the newest Erlang major the tables rate:
// 28, partly supported from 4.2.0 (docs/which-erlang.md). The docs name 29
// only to say 4.3 does not support it, yet distributions ship 4.3 on it
// (Debian testing does): warren warns about such an Erlang instead of
// refusing, because it cannot know whether a later patch fixed it.
const newestErlangMajorInTables = 28

// ErlangBeyondTables reports an Erlang newer than any the tables rate, run
// with (or planned for) a release of the newest known series or newer.
// Older series are not covered: their tables are final, a later series
// took over any newer Erlang.
func ErlangBeyondTables(v Version, e ErlangVersion) bool {
	series := KnownSeries()
	return e.Major() > newestErlangMajorInTables && !v.Series().Less(series[len(series)-1])
}

// erlangBeyondWarning is the warning that replaces a refusal in that case.
func erlangBeyondWarning(v Version, e ErlangVersion) string {
	_, max, _ := ErlangRange(v)
	return fmt.Sprintf("Erlang %s is newer than warren's tables (checked %s, they rate Erlang up to %d): RabbitMQ's docs rate %s up to %s and say Erlang 29 is not supported by 4.3; warren carries on, but test this Erlang before relying on it",
		e, KnowledgeCheckedOn, newestErlangMajorInTables, v.Series(), max)
}
