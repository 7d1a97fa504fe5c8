package executor

import (
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// InstallMethod is how RabbitMQ is installed on a node.
type InstallMethod string

const (
	InstallApt       InstallMethod = "apt"
	InstallDnf       InstallMethod = "dnf"
	InstallYum       InstallMethod = "yum"
	InstallContainer InstallMethod = "container"
)

// PackagePin is one package at an exact version, e.g. erlang-base at
// 1:25.2.3+dfsg-1.
type PackagePin struct {
	Name    string `json:"name" yaml:"name"`
	Version string `json:"version" yaml:"version"`
}

// PackageUpgrade says what to install on a node.
type PackageUpgrade struct {
	Method InstallMethod
	// Version is the exact package version the OS package manager knows,
	// e.g. 3.13.7-1 (apt) or 3.13.7-1.el8 (dnf); validated.
	Version string
	// Erlang lists the Erlang packages to install with it, only when the
	// plan moves Erlang (facts §5.1 step 5: "plus Erlang if needed").
	Erlang []PackagePin
	// Image is the container image reference (container method only).
	Image string
	// Engine is the container CLI, "docker" (default) or "podman".
	Engine string
}

const (
	packageTimeout = 30 * time.Minute
	backupTimeout  = time.Hour
	serviceTimeout = 10 * time.Minute
)

// UpgradePackage returns the commands that install the target version.
// --allow-downgrades lets the same builder reinstall the previous version
// for a rollback; dpkg keeps the operator's edited config files.
func UpgradePackage(spec PackageUpgrade) ([]Command, error) {
	switch spec.Method {
	case InstallApt:
		return aptInstall(spec)
	case InstallDnf, InstallYum:
		return rpmInstall(spec)
	case InstallContainer:
		return pullImage(spec)
	}
	return nil, fmt.Errorf("unknown install method %q (want apt, dnf, yum or container)", spec.Method)
}

func aptInstall(spec PackageUpgrade) ([]Command, error) {
	pins, err := pinnedPackages(spec, "=")
	if err != nil {
		return nil, err
	}
	env := map[string]string{"DEBIAN_FRONTEND": "noninteractive"}
	update := Command{Argv: []string{"apt-get", "update"}, Env: env,
		Description: "refresh the package index", Timeout: packageTimeout}
	argv := append([]string{"apt-get", "install", "-y", "--allow-downgrades",
		"-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold"}, pins...)
	install := Command{Argv: argv, Env: copyEnv(env), Timeout: packageTimeout,
		Description: "install " + strings.Join(pins, " ")}
	return []Command{update, install}, nil
}

func rpmInstall(spec PackageUpgrade) ([]Command, error) {
	pins, err := pinnedPackages(spec, "-")
	if err != nil {
		return nil, err
	}
	argv := append([]string{string(spec.Method), "install", "-y"}, pins...)
	return []Command{{Argv: argv, Timeout: packageTimeout, Description: "install " + strings.Join(pins, " ")}}, nil
}

// pinnedPackages renders rabbitmq-server and the Erlang pins as name SEP
// version (apt: name=version, dnf/yum: name-version).
func pinnedPackages(spec PackageUpgrade, sep string) ([]string, error) {
	all := append([]PackagePin{{Name: "rabbitmq-server", Version: spec.Version}}, spec.Erlang...)
	pins := make([]string, 0, len(all))
	for _, pin := range all {
		if err := ValidatePackageName(pin.Name); err != nil {
			return nil, err
		}
		if err := ValidateVersion(pin.Version); err != nil {
			return nil, fmt.Errorf("%s: %w", pin.Name, err)
		}
		pins = append(pins, pin.Name+sep+pin.Version)
	}
	return pins, nil
}

// pullImage fetches the target image. Replacing the node's container with it
// belongs to whatever runs the container (compose, systemd, an orchestrator);
// the image reference is what the operator sets there.
func pullImage(spec PackageUpgrade) ([]Command, error) {
	if err := ValidateImageRef(spec.Image); err != nil {
		return nil, err
	}
	engine := spec.Engine
	if engine == "" {
		engine = "docker"
	}
	if engine != "docker" && engine != "podman" {
		return nil, fmt.Errorf("unknown container engine %q (want docker or podman)", engine)
	}
	return []Command{{Argv: []string{engine, "pull", spec.Image}, Timeout: packageTimeout,
		Description: "pull " + spec.Image + "; then point the node's container at this image"}}, nil
}

// StartService starts RabbitMQ with systemd (packaged installs).
func StartService() []Command {
	return []Command{{Argv: []string{"systemctl", "start", "rabbitmq-server"},
		Description: "start rabbitmq-server", Timeout: serviceTimeout}}
}

// StopService stops RabbitMQ with systemd; Stop (rabbitmqctl) also works and
// systemd records the clean exit.
func StopService() []Command {
	return []Command{{Argv: []string{"systemctl", "stop", "rabbitmq-server"},
		Description: "stop rabbitmq-server", Timeout: serviceTimeout}}
}

// StartWith wraps a caller-given start command (e.g. a lab's own start
// script). It must detach the server and redirect its output, or the
// executor waits for the server's output to close.
func StartWith(node string, argv []string, env map[string]string) ([]Command, error) {
	if err := ValidateNodeName(node); err != nil {
		return nil, err
	}
	cmd := Command{Argv: append([]string(nil), argv...), Env: copyEnv(env),
		Description: "start " + node, Timeout: serviceTimeout}
	if err := cmd.Validate(); err != nil {
		return nil, err
	}
	return []Command{cmd}, nil
}

// Backup archives the given config and data paths into archive, stored
// relative to / so Restore puts them back in place (facts §5.1 "Back up the
// data directory", §5.3 rollback safety nets). Back up a stopped node: a
// running node's data directory is not a consistent copy.
func Backup(archive string, paths ...string) ([]Command, error) {
	if err := ValidatePath(archive); err != nil {
		return nil, fmt.Errorf("backup archive: %w", err)
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("backup needs at least one path")
	}
	argv := []string{"tar", "-C", "/", "-czf", archive, "--"}
	for _, p := range paths {
		if err := ValidatePath(p); err != nil {
			return nil, fmt.Errorf("backup path: %w", err)
		}
		relative := strings.TrimLeft(path.Clean(p), "/")
		if relative == "" {
			return nil, fmt.Errorf("backup path %q: refusing to archive the whole filesystem", p)
		}
		argv = append(argv, relative)
	}
	return []Command{{Argv: argv, Timeout: backupTimeout,
		Description: "back up " + strings.Join(paths, ", ") + " to " + archive}}, nil
}

// BackupIfPresent archives the paths that exist; a missing one is not an
// error (a node without an environment file). The archive is always written.
func BackupIfPresent(archive string, paths ...string) ([]Command, error) {
	cmds, err := Backup(archive, paths...)
	if err != nil {
		return nil, err
	}
	argv := cmds[0].Argv
	cmds[0].Argv = append([]string{argv[0], "--ignore-failed-read"}, argv[1:]...)
	cmds[0].Description = "back up whichever of " + strings.Join(paths, ", ") + " exist to " + archive
	return cmds, nil
}

// MoveAside renames path to path.suffix, so a restore never extracts over
// what the node left (rollback, facts §5.3): the failed version's data stays
// for the post-mortem.
func MoveAside(p, suffix string) ([]Command, error) {
	if err := ValidatePath(p); err != nil {
		return nil, fmt.Errorf("move aside: %w", err)
	}
	if suffix == "" || strings.ContainsAny(suffix, "/ ") {
		return nil, fmt.Errorf("move aside: suffix %q must be a plain word", suffix)
	}
	clean := path.Clean(p)
	if clean == "/" {
		return nil, fmt.Errorf("move aside: refusing to move /")
	}
	return []Command{{Argv: []string{"mv", "-T", "--", clean, clean + "." + suffix}, Timeout: backupTimeout,
		Irreversible: true, Description: "move " + clean + " aside to " + clean + "." + suffix}}, nil
}

// DiskUsage measures a directory in KiB (`du -sk`), read-only: the size a
// full copy of it needs.
func DiskUsage(dir string) ([]Command, error) {
	if err := ValidatePath(dir); err != nil {
		return nil, fmt.Errorf("disk usage: %w", err)
	}
	return []Command{{Argv: []string{"du", "-sk", "--", dir}, Timeout: backupTimeout,
		Description: "measure " + dir + " (room for a full copy)"}}, nil
}

// Restore unpacks a Backup archive over / (rollback, facts §5.3).
func Restore(archive string) ([]Command, error) {
	if err := ValidatePath(archive); err != nil {
		return nil, fmt.Errorf("backup archive: %w", err)
	}
	return []Command{{Argv: []string{"tar", "-C", "/", "-xzf", archive}, Timeout: backupTimeout,
		Irreversible: true, Description: "restore " + archive + " over the node's files"}}, nil
}

// bootLogLimit is how much of a node's log file is read to explain a
// failed boot: its last lines are the boot that just failed.
const bootLogLimit = 256 << 10

// BootLog reads, on the node, what RabbitMQ logged since a start began:
// the rabbitmq-server unit's journal from that moment, then the tail of
// the node's own log file in the packages' default place
// (/var/log/rabbitmq/NODE.log), for systems where the journal holds only
// systemd's words. The caller picks the node's reason out of them
// (model.BootFailure); either may be missing, which is no error of the start.
func BootLog(node string, since time.Time) ([]Command, error) {
	if err := ValidateNodeName(node); err != nil {
		return nil, err
	}
	journal := Command{Argv: []string{"journalctl", "--unit", "rabbitmq-server", "--no-pager", "--output", "cat",
		"--since", "@" + strconv.FormatInt(since.Unix(), 10)},
		Description: "read what rabbitmq-server logged to the journal since its start", Timeout: time.Minute}
	file := Command{Argv: []string{"tail", "--bytes", strconv.Itoa(bootLogLimit), "--", "/var/log/rabbitmq/" + node + ".log"},
		Description: "read the end of " + node + "'s log file", Timeout: time.Minute}
	return []Command{journal, file}, nil
}
