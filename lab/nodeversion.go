package lab

import (
	"context"
	"fmt"
	"path/filepath"
)

// A lab node can run another version than its lab: the rolling upgrade's
// package step (and `warren lab upgrade-node`) moves one node to the root
// that ships the new version, keeping its data directory, config and
// cookie — all of which live in the lab directory, which every root sees
// at the same path. The record keeps each moved node's series.

// RootOf is the root node n runs from: "" for the host's package.
func (c Config) RootOf(n Node) string {
	series, ok := c.NodeSeries[n.Index]
	if !ok {
		return c.RootDir
	}
	return rootForSeries(series)
}

// SeriesOf is the series node n runs.
func (c Config) SeriesOf(n Node) string {
	if s, ok := c.NodeSeries[n.Index]; ok {
		return s
	}
	return c.Series
}

// rootForSeries is where a series runs from on this machine.
func rootForSeries(series string) string {
	if series == HostSeries() {
		return ""
	}
	rel, err := ReleaseFor(series)
	if err != nil {
		return ""
	}
	return RootOf(rel).Dir
}

// NodePackages reads what node n runs.
func (c Config) NodePackages(n Node) (Packages, error) {
	root := c.RootOf(n)
	if root == "" {
		root = "/"
	}
	return ReadPackages(root)
}

// SwitchNode moves stopped node i to the root that ships version (a series
// "4.0" or an exact "4.0.5"), building the root if needed. Everything is
// checked before anything changes: a version no root ships, or a running
// node, is an error and the node is left as it was.
func (c Config) SwitchNode(ctx context.Context, i int, version string, log func(string)) (Config, error) {
	n, err := c.node(i)
	if err != nil {
		return c, err
	}
	series, err := c.resolveShipped(ctx, version, log)
	if err != nil {
		return c, err
	}
	if pid, _ := n.processState(); pid != 0 {
		return c, fmt.Errorf("lab: %s is running; stop it before switching its version", n.Name)
	}
	return c.recordNodeSeries(i, series)
}

// UpgradeNode stops node i, moves it to version and starts it again. The
// start's error carries the node's own words when it refuses to boot.
func (c Config) UpgradeNode(ctx context.Context, i int, version string, log func(string)) error {
	if _, err := c.node(i); err != nil {
		return err
	}
	if _, err := c.resolveShipped(ctx, version, log); err != nil {
		return err // before anything stops
	}
	if err := c.StopNode(ctx, i, log); err != nil {
		return err
	}
	c, err := c.SwitchNode(ctx, i, version, log)
	if err != nil {
		return err
	}
	log(fmt.Sprintf("%s now runs RabbitMQ %s", c.Node(i).Name, c.nodeVersion(c.Node(i))))
	return c.StartNode(ctx, i, log)
}

// resolveShipped returns the series of the root that ships version,
// building that root when needed; an exact version must be the one the
// root ships.
func (c Config) resolveShipped(ctx context.Context, version string, log func(string)) (string, error) {
	rel, pkgs, err := shippedBy(version, func(r Root) (RootInfo, error) { return r.Ensure(ctx, false, log) })
	if err != nil {
		return "", err
	}
	return rel.Series, exactlyShipped(version, rel, pkgs)
}

// shippedBy finds the release of version and what it ships: the host's
// packages, or its root's as root returns them (built, or only read).
func shippedBy(version string, root func(Root) (RootInfo, error)) (Release, Packages, error) {
	rel, err := ReleaseFor(version)
	if err != nil {
		return rel, Packages{}, err
	}
	if rel.Series == HostSeries() {
		pkgs, err := ReadPackages("/")
		return rel, pkgs, err
	}
	info, err := root(RootOf(rel))
	return rel, info.Packages, err
}

// exactlyShipped: a series is always fine; an exact version must be the
// one the release ships.
func exactlyShipped(version string, rel Release, pkgs Packages) error {
	if seriesOf(version) == version || pkgs.RabbitMQ == version {
		return nil
	}
	return fmt.Errorf("lab: no lab root ships RabbitMQ %s: Debian %s ships %s", version, rel.Codename, pkgs.RabbitMQ)
}

func (c Config) recordNodeSeries(i int, series string) (Config, error) {
	unlock, err := lockFile(filepath.Join(c.BaseDir, ".record.lock"))
	if err != nil {
		return c, err
	}
	defer unlock()
	ns := map[int]string{}
	for k, v := range c.NodeSeries {
		ns[k] = v
	}
	if series == c.Series {
		delete(ns, i)
	} else {
		ns[i] = series
	}
	c.NodeSeries = ns
	return c, writeJSON(filepath.Join(c.BaseDir, recordFile), c.record())
}

func (c Config) nodeVersion(n Node) string {
	p, err := c.NodePackages(n)
	if err != nil || p.RabbitMQ == "" {
		return "?"
	}
	return p.RabbitMQ
}

// Ships checks, without building anything, that some lab root can run the
// exact version: its series has a release, and a built root (or the host)
// ships exactly that version. An unbuilt root is given the benefit of the
// doubt: the switch itself checks again after building it.
func Ships(version string) error {
	rel, pkgs, err := shippedBy(version, Root.Info)
	switch {
	case err != nil && rel.Series == "":
		return err // no release ships the series at all
	case err != nil:
		return nil // not built yet
	}
	return exactlyShipped(version, rel, pkgs)
}

// RootForVersion is the root a node running version (a series or an exact
// version) runs from, "" for the host's package: the RabbitMQ CLI tools
// that talk to such a node are that root's.
func RootForVersion(version string) (string, error) {
	rel, err := ReleaseFor(version)
	if err != nil {
		return "", err
	}
	return rootForSeries(rel.Series), nil
}
