package lab

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Release is a Debian release that ships one RabbitMQ series. Debian ships
// exactly one RabbitMQ per release, so a release root is a real, packaged
// RabbitMQ of that series with the Erlang it was built for (see the
// multi-version lab reference: roots built with debootstrap, run with chroot).
type Release struct {
	Series   string // RabbitMQ series it ships, e.g. "4.0"
	Codename string // debootstrap's name for it
	Debian   string // the release's number, or "testing"
	// Moving: Debian testing changes under us and may stop shipping
	// RabbitMQ at any time; the test matrix says so loudly and goes on.
	Moving bool
	// Script is the debootstrap script to use when this host's debootstrap
	// has none named after the release (bookworm's has no forky).
	Script string
}

// Releases is the one table of lab versions. The version each runs is read
// from the root's packages, never from here: stable releases get point
// updates and testing moves.
var Releases = []Release{
	{Series: "3.8", Codename: "bullseye", Debian: "11"},
	{Series: "3.10", Codename: "bookworm", Debian: "12"},
	{Series: "4.0", Codename: "trixie", Debian: "13"},
	{Series: "4.3", Codename: "forky", Debian: "testing", Moving: true, Script: "sid"},
}

// ReleaseFor returns the release that ships a series ("4.0"; "4.0.5" works
// too: only the series counts).
func ReleaseFor(series string) (Release, error) {
	want := seriesOf(series)
	for _, r := range Releases {
		if r.Series == want {
			return r, nil
		}
	}
	return Release{}, fmt.Errorf("lab: no Debian release ships RabbitMQ %s; lab versions are %s", series, strings.Join(Known(), ", "))
}

// seriesOf cuts "4.0.5-6+deb13u2" or "4.0.5" down to "4.0".
func seriesOf(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	minor, _, _ := strings.Cut(parts[1], "-")
	return parts[0] + "." + minor
}

// Packages are the versions a root (or the host) has installed.
type Packages struct {
	RabbitMQ string `json:"rabbitmq"`         // upstream version, e.g. "4.0.5"
	Package  string `json:"rabbitmq_package"` // Debian version, e.g. "4.0.5-6+deb13u2"
	Erlang   string `json:"erlang"`           // e.g. "27.3.4.1"
}

// ReadPackages reads the RabbitMQ and Erlang versions installed under root
// ("/" for the host) from dpkg's status file.
func ReadPackages(root string) (Packages, error) {
	raw, err := os.ReadFile(filepath.Join(root, "var/lib/dpkg/status"))
	if err != nil {
		return Packages{}, fmt.Errorf("lab: read installed packages: %w", err)
	}
	versions := installedVersions(string(raw))
	p := Packages{Package: versions["rabbitmq-server"]}
	if p.Package == "" {
		return p, fmt.Errorf("lab: rabbitmq-server is not installed under %s", root)
	}
	p.RabbitMQ = upstream(p.Package)
	p.Erlang = upstream(versions["erlang-base"])
	return p, nil
}

// installedVersions maps each installed package of a dpkg status file to
// its version.
func installedVersions(status string) map[string]string {
	out := map[string]string{}
	for _, stanza := range strings.Split(status, "\n\n") {
		var name, version string
		installed := false
		for _, line := range strings.Split(stanza, "\n") {
			key, value, _ := strings.Cut(line, ": ")
			switch key {
			case "Package":
				name = value
			case "Version":
				version = value
			case "Status":
				installed = strings.HasSuffix(value, " installed")
			}
		}
		if name != "" && installed {
			out[name] = version
		}
	}
	return out
}

// upstream strips a Debian epoch and revision: "1:25.2.3+dfsg-1" → "25.2.3".
func upstream(v string) string {
	if _, rest, ok := strings.Cut(v, ":"); ok {
		v = rest
	}
	if i := strings.LastIndex(v, "-"); i > 0 {
		v = v[:i]
	}
	v, _, _ = strings.Cut(v, "+")
	v, _, _ = strings.Cut(v, "~")
	return v
}

// HostSeries is the series the host's own rabbitmq-server ships, "" when
// none is installed.
func HostSeries() string {
	p, err := ReadPackages("/")
	if err != nil {
		return ""
	}
	return seriesOf(p.RabbitMQ)
}

// Known lists the series in the table's (ascending) order, for help texts.
func Known() []string {
	var out []string
	for _, r := range Releases {
		out = append(out, r.Series)
	}
	return out
}

// Packages reads what the lab runs: the root's packages, or the host's.
func (c Config) Packages() (Packages, error) {
	root := c.RootDir
	if root == "" {
		root = "/"
	}
	return ReadPackages(root)
}

// Version is the exact RabbitMQ version the lab runs ("?" when unreadable).
func (c Config) Version() string {
	p, err := c.Packages()
	if err != nil {
		return "?"
	}
	return p.RabbitMQ
}
