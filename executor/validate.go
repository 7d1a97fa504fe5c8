package executor

import (
	"fmt"
	"regexp"
	"strings"
)

// The patterns below are deliberately conservative: every value comes from a
// targets file, a plan or an operator's keyboard and ends up in a command.
var (
	// A RabbitMQ node name is name@host; the host part may be a short or fully
	// qualified host name or an IPv4 address (long names).
	nodeNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)
	// Versions: 3.10.8, Debian 3.10.8-1.1+deb12u1 or 1:25.2.3 (epoch), RPM
	// 3.10.8-1.el8, pre-releases 4.0.0~rc1.
	versionPattern = regexp.MustCompile(`^([0-9]+:)?[0-9][A-Za-z0-9.+~_-]*$`)
	// Package names as Debian and RPM allow them (RPM also takes _ and capitals).
	packageNamePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._+-]*$`)
	// Container image references: [registry[:port]/]path[:tag][@digest].
	imageRefPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/:@+-]*$`)
)

const maxValueLength = 255

// ValidateNodeName checks a RabbitMQ node name such as rabbit@host1.
func ValidateNodeName(node string) error {
	if len(node) > maxValueLength || !nodeNamePattern.MatchString(node) {
		return fmt.Errorf("invalid node name %q: want name@host using letters, digits, '-', '_' and '.'", node)
	}
	return nil
}

// ValidateVersion checks a RabbitMQ or Erlang package version.
func ValidateVersion(version string) error {
	if len(version) > 64 || !versionPattern.MatchString(version) {
		return fmt.Errorf("invalid version %q: want e.g. 3.10.8 or 3.10.8-1.1+deb12u1", version)
	}
	return nil
}

// ValidatePackageName checks an OS package name such as erlang-base.
func ValidatePackageName(name string) error {
	if len(name) > maxValueLength || !packageNamePattern.MatchString(name) {
		return fmt.Errorf("invalid package name %q: want letters, digits, '.', '_', '+' and '-'", name)
	}
	return nil
}

// ValidateImageRef checks a container image reference such as
// rabbitmq:3.13-management or registry:5000/rabbitmq@sha256:....
func ValidateImageRef(ref string) error {
	if len(ref) > maxValueLength || !imageRefPattern.MatchString(ref) {
		return fmt.Errorf("invalid image reference %q", ref)
	}
	return nil
}

// ValidatePath checks a file path that goes into a command: absolute, no
// NUL or newline, no ".." component (so a path cannot climb out of the
// directory it names).
func ValidatePath(path string) error {
	switch {
	case path == "":
		return fmt.Errorf("empty path")
	case strings.ContainsAny(path, "\x00\n\r"):
		return fmt.Errorf("path %q contains a NUL or newline", path)
	case !strings.HasPrefix(path, "/"):
		return fmt.Errorf("path %q is not absolute", path)
	}
	for _, part := range strings.Split(path, "/") {
		if part == ".." {
			return fmt.Errorf("path %q contains a '..' component", path)
		}
	}
	return nil
}
