// Package model is warren's pure domain: RabbitMQ and Erlang versions, the
// upgrade knowledge (Erlang matrix, upgrade paths, feature flags,
// deprecations, config keys, plugins, client libraries) and the offline
// upgrade planner. It performs no IO and imports no terminal or network code.
package model

import (
	"fmt"
	"strconv"
	"strings"
)

// Version is a RabbitMQ release such as 3.10.8. Suffix keeps whatever
// followed the patch number in the input (a Debian revision such as
// "-1.1+deb12u1", a build tag); it never takes part in ordering.
type Version struct {
	Major, Minor, Patch int
	Suffix              string
}

// Series is a RabbitMQ release series such as 3.13 or 4.2.
type Series struct {
	Major, Minor int
}

// V builds a Version; used by the knowledge tables.
func V(major, minor, patch int) Version { return Version{Major: major, Minor: minor, Patch: patch} }

// S builds a Series; used by the knowledge tables.
func S(major, minor int) Series { return Series{Major: major, Minor: minor} }

// ParseVersion reads "3.9.13", "v4.2.1", "3.10.8-1.1+deb12u1" or
// "1:3.10.8-1" (Debian epoch). The three numeric parts are required.
func ParseVersion(s string) (Version, error) {
	raw := strings.TrimSpace(s)
	text := strings.TrimPrefix(raw, "v")
	if i := strings.IndexByte(text, ':'); i >= 0 && isDigits(text[:i]) {
		text = text[i+1:] // Debian epoch, e.g. "1:3.10.8-1"
	}
	end := strings.IndexAny(text, "-+~ ")
	suffix := ""
	if end >= 0 {
		text, suffix = text[:end], text[end:]
	}
	parts := strings.Split(text, ".")
	if len(parts) != 3 {
		return Version{}, fmt.Errorf("malformed RabbitMQ version %q: want MAJOR.MINOR.PATCH, e.g. 3.13.7", raw)
	}
	nums := make([]int, 3)
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || !isDigits(p) {
			return Version{}, fmt.Errorf("malformed RabbitMQ version %q: %q is not a number", raw, p)
		}
		nums[i] = n
	}
	return correctMisreport(Version{Major: nums[0], Minor: nums[1], Patch: nums[2], Suffix: suffix}), nil
}

// misreportedVersions are version strings a release is known to report
// instead of its own.
var misreportedVersions = []struct {
	Reported string // number and suffix as reported
	Actual   Version
	Source   string
}{
	{"4.0.0+2", V(4, 0, 1), "release-notes/4.0.1.md: generic binary builds of 4.0.1 report 4.0.0+2 (fixed in 4.0.2)"},
}

func correctMisreport(v Version) Version {
	for _, m := range misreportedVersions {
		if v.String()+v.Suffix == m.Reported {
			return m.Actual
		}
	}
	return v
}

// PreRelease reports a release candidate, beta or alpha ("3.13.7-rc.1",
// "4.3.0-beta.1", Debian's "4.3.0~rc.1"): warren's tables hold releases only.
func (v Version) PreRelease() bool {
	s := strings.ToLower(strings.TrimLeft(v.Suffix, "-~+."))
	for _, p := range []string{"rc", "beta", "alpha", "pre", "milestone"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// ParseSeries reads "3.13" or "4.2" (a full version is accepted too and
// reduced to its series).
func ParseSeries(s string) (Series, error) {
	if v, err := ParseVersion(s); err == nil {
		return v.Series(), nil
	}
	parts := strings.Split(strings.TrimPrefix(strings.TrimSpace(s), "v"), ".")
	if len(parts) != 2 || !isDigits(parts[0]) || !isDigits(parts[1]) {
		return Series{}, fmt.Errorf("malformed RabbitMQ series %q: want MAJOR.MINOR, e.g. 4.2", s)
	}
	major, _ := strconv.Atoi(parts[0])
	minor, _ := strconv.Atoi(parts[1])
	return Series{Major: major, Minor: minor}, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// String prints the version without its suffix: "3.10.8".
func (v Version) String() string { return fmt.Sprintf("%d.%d.%d", v.Major, v.Minor, v.Patch) }

// Series returns the release series the version belongs to.
func (v Version) Series() Series { return Series{Major: v.Major, Minor: v.Minor} }

// IsZero reports whether v is the zero Version (used as "no bound").
func (v Version) IsZero() bool { return v == Version{} }

// Compare orders versions by major, minor, patch; the suffix is ignored.
func (v Version) Compare(o Version) int {
	if c := v.Series().Compare(o.Series()); c != 0 {
		return c
	}
	return cmpInt(v.Patch, o.Patch)
}

// Less reports v < o.
func (v Version) Less(o Version) bool { return v.Compare(o) < 0 }

// AtLeast reports v >= o.
func (v Version) AtLeast(o Version) bool { return v.Compare(o) >= 0 }

// Between reports lo <= v <= hi.
func (v Version) Between(lo, hi Version) bool { return v.AtLeast(lo) && hi.AtLeast(v) }

// String prints the series: "4.2".
func (s Series) String() string { return fmt.Sprintf("%d.%d", s.Major, s.Minor) }

// Compare orders series by major then minor.
func (s Series) Compare(o Series) int {
	if c := cmpInt(s.Major, o.Major); c != 0 {
		return c
	}
	return cmpInt(s.Minor, o.Minor)
}

// Less reports s < o.
func (s Series) Less(o Series) bool { return s.Compare(o) < 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
