package model

import (
	"fmt"
	"strconv"
	"strings"
)

// ErlangVersion is an Erlang/OTP version: "24.3.4.2", "26.2", the old
// "R16B03" naming, or a line such as "26.2.x" / "27.x" meaning any release
// of that prefix (Line is then true).
//
// The knowledge tables use it for bounds. A minimum is a concrete floor
// (24.3.4.2 excludes 24.3.4.1). A maximum always covers every release that
// starts with it, with or without ".x": the official matrix writes "24.2"
// for "24.2.x", and says 24.3 needs a later RabbitMQ patch.
type ErlangVersion struct {
	Parts []int
	Line  bool   // "26.2.x": any release of this prefix
	Raw   string // as written, e.g. "R16B03"
}

// E builds an ErlangVersion from its parts; used by the tables.
func E(parts ...int) ErlangVersion {
	return ErlangVersion{Parts: parts, Raw: joinInts(parts)}
}

// EX builds a line ("26.2.x"); used by the tables.
func EX(parts ...int) ErlangVersion {
	return ErlangVersion{Parts: parts, Line: true, Raw: joinInts(parts) + ".x"}
}

// ParseErlangVersion reads "26.2.5.2", "OTP-26.2", "R16B03", "R16B03-1",
// "26.2.x" and "27.x".
func ParseErlangVersion(s string) (ErlangVersion, error) {
	raw := strings.TrimSpace(s)
	text := strings.TrimPrefix(strings.TrimPrefix(raw, "OTP-"), "OTP ")
	if strings.HasPrefix(text, "R") {
		return parseLegacyErlang(raw, text)
	}
	line := strings.HasSuffix(text, ".x")
	text = strings.TrimSuffix(text, ".x")
	fields := strings.Split(text, ".")
	parts := make([]int, 0, len(fields))
	for _, f := range fields {
		if !isDigits(f) {
			return ErlangVersion{}, fmt.Errorf("malformed Erlang/OTP version %q: want e.g. 26.2, 24.3.4.2, 26.2.x or R16B03", raw)
		}
		n, _ := strconv.Atoi(f)
		parts = append(parts, n)
	}
	if len(parts) > 5 || parts[0] < 17 {
		return ErlangVersion{}, fmt.Errorf("malformed Erlang/OTP version %q: releases before 17 are named like R16B03", raw)
	}
	return ErlangVersion{Parts: parts, Line: line, Raw: raw}, nil
}

// parseLegacyErlang reads R16B03 and R16B03-1 as 16.3(.1): they order
// below 17 and among themselves by their B number.
func parseLegacyErlang(raw, text string) (ErlangVersion, error) {
	bad := fmt.Errorf("malformed Erlang/OTP version %q: legacy releases look like R16B03", raw)
	major, rest, ok := strings.Cut(strings.TrimPrefix(text, "R"), "B")
	if !ok || !isDigits(major) {
		return ErlangVersion{}, bad
	}
	minor, extra, hasExtra := strings.Cut(rest, "-")
	if minor == "" {
		minor = "0"
	}
	if !isDigits(minor) || (hasExtra && !isDigits(extra)) {
		return ErlangVersion{}, bad
	}
	parts := []int{atoi(major), atoi(minor)}
	if hasExtra {
		parts = append(parts, atoi(extra))
	}
	return ErlangVersion{Parts: parts, Raw: raw}, nil
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func joinInts(parts []int) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strconv.Itoa(p)
	}
	return strings.Join(out, ".")
}

// String returns the version as written.
func (e ErlangVersion) String() string {
	if e.Raw != "" {
		return e.Raw
	}
	if e.Line {
		return joinInts(e.Parts) + ".x"
	}
	return joinInts(e.Parts)
}

// Major is the OTP major release (16 for R16B03).
func (e ErlangVersion) Major() int {
	if len(e.Parts) == 0 {
		return 0
	}
	return e.Parts[0]
}

// IsZero reports an unset version.
func (e ErlangVersion) IsZero() bool { return len(e.Parts) == 0 }

// padding values: a concrete version continues with zeros, a line or a
// maximum with "anything", which we model as a number above any real one.
const (
	padLow  = 0
	padHigh = 1 << 30
)

func (e ErlangVersion) low() []int  { return e.padded(padLow) }
func (e ErlangVersion) high() []int { return e.padded(padHigh) }

func (e ErlangVersion) padded(fill int) []int {
	out := make([]int, 6)
	for i := range out {
		switch {
		case i < len(e.Parts):
			out[i] = e.Parts[i]
		case e.Line || fill == padHigh:
			out[i] = padHigh
		default:
			out[i] = fill
		}
	}
	return out
}

func cmpParts(a, b []int) int {
	for i := range a {
		if c := cmpInt(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// SatisfiesMin reports whether e is at or above the floor min. A line
// ("24.3.x") stands for its newest release.
func (e ErlangVersion) SatisfiesMin(min ErlangVersion) bool {
	mine := e.low()
	if e.Line {
		mine = e.high()
	}
	return cmpParts(mine, min.low()) >= 0
}

// SatisfiesMax reports whether e is covered by the ceiling max (prefix
// semantics, see the type comment).
func (e ErlangVersion) SatisfiesMax(max ErlangVersion) bool {
	mine := e.low()
	if e.Line {
		mine = e.high()
	}
	return cmpParts(mine, max.high()) <= 0
}

// In reports min <= e <= max with the bound semantics above.
func (e ErlangVersion) In(min, max ErlangVersion) bool {
	return e.SatisfiesMin(min) && e.SatisfiesMax(max)
}

// lowerCeiling returns the more restrictive of two maxima.
func lowerCeiling(a, b ErlangVersion) ErlangVersion {
	if cmpParts(a.high(), b.high()) <= 0 {
		return a
	}
	return b
}

// higherFloor returns the more restrictive of two minima.
func higherFloor(a, b ErlangVersion) ErlangVersion {
	if cmpParts(a.low(), b.low()) >= 0 {
		return a
	}
	return b
}

// AsLine turns a ceiling such as "24.3" into the line "24.3.x" it stands
// for, which is what an operator should install ("the newest 24.3").
func (e ErlangVersion) AsLine() ErlangVersion {
	if e.Line {
		return e
	}
	return EX(e.Parts...)
}
