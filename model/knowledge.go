package model

import (
	"fmt"
	"strings"
)

// KnownSeries lists every release series the knowledge tables cover, oldest
// first (3.6 … 4.3).
func KnownSeries() []Series {
	var out []Series
	for _, row := range erlangMatrix {
		s := row.First.Series()
		if len(out) == 0 || out[len(out)-1] != s {
			out = append(out, s)
		}
	}
	return out
}

// LatestPatch returns the newest known community patch of a series, derived
// from the Erlang matrix (rabbitmq-upgrade-facts.md §1.1): e.g. 3.8.35,
// 3.13.7, 4.2.10. It is what the planner lands on, so commercial-only
// patches never appear here (see commercialOnlyPatches).
func LatestPatch(s Series) (Version, bool) {
	var latest Version
	found := false
	for _, row := range erlangMatrix {
		if row.Last.Series() == s && row.Last.AtLeast(latest) {
			latest, found = row.Last, true
		}
	}
	return latest, found
}

// FirstPatch returns the first known patch of a series (4.0.1 for 4.0: 4.0.0
// was never published as a general release).
func FirstPatch(s Series) (Version, bool) {
	for _, row := range erlangMatrix {
		if row.First.Series() == s {
			return row.First, true
		}
	}
	return Version{}, false
}

// IsLatestPatch reports whether v is the newest known patch of its series.
func IsLatestPatch(v Version) bool {
	latest, ok := LatestPatch(v.Series())
	return ok && latest.Compare(v) == 0
}

// CheckKnown returns a clear error when warren cannot plan with v: a
// version older than its tables, a patch that never shipped, or a series
// newer than any it knows. A newer patch of a known series and a
// commercial-only patch are accepted (see VersionWarning).
func CheckKnown(v Version) error {
	for _, n := range neverShipped {
		if n.Version.Compare(v) == 0 {
			return fmt.Errorf("RabbitMQ %s never shipped (%s)", v, n.Source)
		}
	}
	switch StandingOf(v) {
	case StandingKnown, StandingCommercial, StandingNewerPatch:
		return nil
	}
	series := KnownSeries()
	first, _ := FirstPatch(series[0])
	last := NewestKnownRelease()
	if latest, ok := LatestPatch(v.Series()); ok {
		firstOfSeries, _ := FirstPatch(v.Series())
		return fmt.Errorf("unknown RabbitMQ version %s: warren knows %s patches %s – %s", v, v.Series(), firstOfSeries, latest)
	}
	if last.Less(v) {
		return fmt.Errorf("unknown RabbitMQ version %s: warren knows %s – %s (%s); a new series needs its upgrade path checked before warren can plan it", v, first, last, KnowledgeSummary())
	}
	return fmt.Errorf("unknown RabbitMQ version %s: warren knows %s – %s", v, first, last)
}

// ParseKnownVersion parses s and checks that the tables cover it.
func ParseKnownVersion(s string) (Version, error) {
	v, err := ParseVersion(s)
	if err != nil {
		return Version{}, err
	}
	if v.PreRelease() {
		return Version{}, fmt.Errorf("RabbitMQ %q is a pre-release: warren plans releases only (%s or a later release)", strings.TrimSpace(s), v)
	}
	return v, CheckKnown(v)
}

// ParseTarget reads a target version; a bare series ("4.2") means its
// latest known patch.
func ParseTarget(s string) (Version, error) {
	if _, err := ParseVersion(s); err == nil {
		return ParseKnownVersion(s)
	}
	series, err := ParseSeries(s)
	if err != nil {
		return Version{}, fmt.Errorf("malformed RabbitMQ version %q: want MAJOR.MINOR.PATCH or MAJOR.MINOR, e.g. 4.2.1 or 4.2", s)
	}
	latest, ok := LatestPatch(series)
	if !ok {
		return Version{}, CheckKnown(V(series.Major, series.Minor, 0))
	}
	return latest, nil
}

// ParseCheckTarget reads the target of a live check. Unlike ParseTarget it
// also accepts a release of a series newer than the tables (a cluster may
// already run one): the check carries on with the nearest known rules and
// says so, it never refuses to look at a cluster.
func ParseCheckTarget(s string) (Version, error) {
	if v, err := ParseVersion(s); err == nil && StandingOf(v) == StandingNewerSeries && !v.PreRelease() {
		return v, nil
	}
	return ParseTarget(s)
}
