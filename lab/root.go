package lab

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// DefaultRootsDir is where release roots are cached, machine-wide and
// outside any checkout, so every lab and every clone reuses them.
const DefaultRootsDir = "/var/cache/warren/roots"

// DebianMirror is the archive debootstrap reads.
const DebianMirror = "http://deb.debian.org/debian"

// rootMarker is written last into a finished root: a root without it was
// interrupted while being built and is never used.
const rootMarker = ".warren-root.json"

// ErrReleaseUnavailable: the archive no longer ships a RabbitMQ for a
// release (Debian testing moves); callers report it and go on.
var ErrReleaseUnavailable = errors.New("the Debian archive ships no rabbitmq-server for this release")

// RootsDir is DefaultRootsDir unless WARREN_ROOTS_DIR moves it.
func RootsDir() string {
	if d := os.Getenv("WARREN_ROOTS_DIR"); d != "" {
		return d
	}
	return DefaultRootsDir
}

// Root is a release's root filesystem.
type Root struct {
	Release Release
	Dir     string
}

// RootOf returns where the release's root lives (built or not).
func RootOf(r Release) Root {
	return Root{Release: r, Dir: filepath.Join(RootsDir(), r.Codename)}
}

// RootInfo is what the marker records about a finished root.
type RootInfo struct {
	Release  string        `json:"release"`
	Packages Packages      `json:"packages"`
	BuiltAt  time.Time     `json:"built_at"`
	Took     time.Duration `json:"build_ns"`
}

// Info returns the finished root's marker; an error when the root is
// missing or half-built.
func (r Root) Info() (RootInfo, error) {
	var info RootInfo
	raw, err := os.ReadFile(filepath.Join(r.Dir, rootMarker))
	if err != nil {
		return info, fmt.Errorf("lab: root %s is not built", r.Dir)
	}
	if err := json.Unmarshal(raw, &info); err != nil {
		return info, fmt.Errorf("lab: root %s has a corrupt marker: %w", r.Dir, err)
	}
	if _, err := os.Stat(filepath.Join(r.Dir, DefaultBinDir, "rabbitmq-server")); err != nil {
		return info, fmt.Errorf("lab: root %s lacks rabbitmq-server", r.Dir)
	}
	return info, nil
}

// Ensure builds the root unless a finished one is cached (or refresh asks
// for a new one). Concurrent callers wait for one build.
func (r Root) Ensure(ctx context.Context, refresh bool, log func(string)) (RootInfo, error) {
	if info, err := r.Info(); err == nil && !refresh {
		return info, nil
	}
	if err := os.MkdirAll(RootsDir(), 0o755); err != nil {
		return RootInfo{}, fmt.Errorf("lab: %w", err)
	}
	unlock, err := lockFile(filepath.Join(RootsDir(), "."+r.Release.Codename+".lock"))
	if err != nil {
		return RootInfo{}, err
	}
	defer unlock()
	if info, err := r.Info(); err == nil && !refresh {
		return info, nil // another process built it while we waited
	}
	if refresh {
		if err := r.refuseInUse(); err != nil {
			return RootInfo{}, err
		}
	}
	return r.build(ctx, log)
}

// refuseInUse: a root with nodes running or a lab mounted inside is not
// rebuilt under them.
func (r Root) refuseInUse() error {
	if pids := processesIn(r.Dir); len(pids) > 0 {
		return fmt.Errorf("lab: root %s has running processes (%v); take its labs down first", r.Dir, pids)
	}
	if m := mountsUnder(r.Dir); len(m) > 0 {
		return fmt.Errorf("lab: root %s still has mounts (%s); take its labs down first", r.Dir, strings.Join(m, ", "))
	}
	return nil
}

func (r Root) build(ctx context.Context, log func(string)) (RootInfo, error) {
	if err := ensureDebootstrap(ctx, log); err != nil {
		return RootInfo{}, err
	}
	staging := filepath.Join(RootsDir(), ".building-"+r.Release.Codename)
	if err := os.RemoveAll(staging); err != nil {
		return RootInfo{}, fmt.Errorf("lab: clear %s: %w", staging, err)
	}
	log(fmt.Sprintf("building the Debian %s (%s) root for RabbitMQ %s with debootstrap (about a minute)",
		r.Release.Debian, r.Release.Codename, r.Release.Series))
	start := time.Now()
	out, err := exec.CommandContext(ctx, "debootstrap", r.debootstrapArgs(staging)...).CombinedOutput()
	if err != nil {
		_ = os.RemoveAll(staging)
		tail := lastLines(string(out), 4)
		if strings.Contains(string(out), "Couldn't find these debs") || strings.Contains(string(out), "rabbitmq-server") && strings.Contains(string(out), "not") {
			return RootInfo{}, fmt.Errorf("lab: %s: %w: %s", r.Release.Codename, ErrReleaseUnavailable, tail)
		}
		return RootInfo{}, fmt.Errorf("lab: debootstrap %s: %w: %s", r.Release.Codename, err, tail)
	}
	// Without the host's /etc/hosts, bullseye's node dies with epmd_error
	// "localhost" nxdomain.
	if err := copyFile("/etc/hosts", filepath.Join(staging, "etc/hosts")); err != nil {
		return RootInfo{}, err
	}
	pkgs, err := ReadPackages(staging)
	if err != nil {
		return RootInfo{}, err
	}
	info := RootInfo{Release: r.Release.Codename, Packages: pkgs, BuiltAt: time.Now().UTC(), Took: time.Since(start)}
	if err := writeJSON(filepath.Join(staging, rootMarker), info); err != nil {
		return RootInfo{}, err
	}
	if err := r.swapIn(staging); err != nil {
		return RootInfo{}, err
	}
	log(fmt.Sprintf("root %s: RabbitMQ %s on Erlang %s, built in %s", r.Dir, pkgs.RabbitMQ, pkgs.Erlang, info.Took.Round(time.Second)))
	return info, nil
}

func (r Root) debootstrapArgs(target string) []string {
	args := []string{"--variant=minbase", "--include=rabbitmq-server", r.Release.Codename, target, DebianMirror}
	if _, err := os.Stat(filepath.Join("/usr/share/debootstrap/scripts", r.Release.Codename)); err != nil && r.Release.Script != "" {
		args = append(args, filepath.Join("/usr/share/debootstrap/scripts", r.Release.Script))
	}
	return args
}

// swapIn replaces the root by the freshly built staging directory.
func (r Root) swapIn(staging string) error {
	old := filepath.Join(RootsDir(), ".old-"+r.Release.Codename)
	_ = os.RemoveAll(old)
	if _, err := os.Stat(r.Dir); err == nil {
		if err := os.Rename(r.Dir, old); err != nil {
			return fmt.Errorf("lab: %w", err)
		}
	}
	if err := os.Rename(staging, r.Dir); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	return os.RemoveAll(old)
}

// ensureDebootstrap installs debootstrap from apt when it is missing.
func ensureDebootstrap(ctx context.Context, log func(string)) error {
	if _, err := exec.LookPath("debootstrap"); err == nil {
		return nil
	}
	log("installing debootstrap")
	cmd := exec.CommandContext(ctx, "sh", "-c", "apt-get update -qq && apt-get install -y -qq debootstrap")
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("lab: install debootstrap: %w: %s", err, lastLines(string(out), 3))
	}
	return nil
}

// lockFile takes an exclusive flock, waiting for another holder.
func lockFile(path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lab: lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("lab: lock %s: %w", path, err)
	}
	return func() { _ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
}

func copyFile(src, dst string) error {
	raw, err := os.ReadFile(src)
	if err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	if err := os.WriteFile(dst, raw, 0o644); err != nil {
		return fmt.Errorf("lab: %w", err)
	}
	return nil
}

func writeJSON(path string, v any) error {
	raw, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(raw, '\n'), 0o644); err != nil {
		return fmt.Errorf("lab: write %s: %w", path, err)
	}
	return os.Rename(tmp, path)
}
