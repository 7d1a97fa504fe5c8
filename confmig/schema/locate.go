package schema

import (
	"path/filepath"
	"sort"

	"github.com/warren-sre/warren/lab"
)

// serverGlob is where the Debian and RPM packages put the server.
const serverGlob = "/usr/lib/rabbitmq/lib/rabbitmq_server-*"

// Server is one RabbitMQ installation whose schema can be read: on this
// machine (Root empty) or inside a release root, where Dir is the path as
// seen from inside the root (for chroot) and HostDir from outside.
type Server struct {
	Root    string `json:"root,omitempty"`
	Dir     string `json:"dir"`
	Version string `json:"version"`
}

// HostDir is the server directory as this process sees it.
func (s Server) HostDir() string { return filepath.Join(s.Root, s.Dir) }

// Servers lists the installed server first, then one per release root;
// a root without schema files (half-built, or no rabbitmq-server) is left out.
func Servers() []Server {
	var out []Server
	for _, dir := range globSorted(serverGlob) {
		out = append(out, Server{Dir: dir, Version: VersionOf(dir)})
	}
	for _, root := range builtRoots() {
		for _, dir := range globSorted(filepath.Join(root, serverGlob)) {
			rel, _ := filepath.Rel(root, dir)
			out = append(out, Server{Root: root, Dir: "/" + rel, Version: VersionOf(dir)})
		}
	}
	var usable []Server
	for _, s := range out {
		if _, err := files(s.HostDir()); err == nil {
			usable = append(usable, s)
		}
	}
	return usable
}

// FindSeries returns a server of the version's major.minor series,
// preferring this machine's own installation.
func FindSeries(version string) (Server, bool) {
	for _, s := range Servers() {
		if SameSeries(s.Version, version) {
			return s, true
		}
	}
	return Server{}, false
}

func globSorted(pattern string) []string {
	m, _ := filepath.Glob(pattern)
	sort.Strings(m)
	return m
}

// builtRoots are the lab's finished release roots (warren lab builds them;
// a half-built one is never read).
func builtRoots() []string {
	var out []string
	for _, rel := range lab.Releases {
		if r := lab.RootOf(rel); r.Dir != "" {
			if _, err := r.Info(); err == nil {
				out = append(out, r.Dir)
			}
		}
	}
	return out
}
