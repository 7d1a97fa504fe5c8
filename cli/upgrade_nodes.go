package cli

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/lab"
	"github.com/warren-sre/warren/model"
	"github.com/warren-sre/warren/steps"
	"github.com/warren-sre/warren/targets"
)

// nodePlans is how each node is stopped, upgraded and started.
type nodePlans struct {
	executor executor.Executor
	tools    executor.Tools
	upgrade  []steps.NodePlan
	rollback []steps.RollbackNode
}

func newNodePlans(f *runbookFlags, res targets.Resolved, rc runContext) (nodePlans, error) {
	var p nodePlans
	ex, err := newExecutor(f.executor, res)
	if err != nil {
		return p, err
	}
	p.executor = ex
	var site siteCommands
	if res.Lab != nil {
		site = labSite{cfg: *res.Lab, to: f.to, from: rc.From}
	} else {
		site = packagedSite{f: f, from: rc.From, cli: entryTools(res)}
	}
	p.tools = site.tools()
	for _, o := range rc.Order {
		n, err := site.node(o.Node)
		if err != nil {
			return p, err
		}
		n.Reason = o.Reason
		p.upgrade = append(p.upgrade, n)
	}
	for i := len(p.upgrade) - 1; i >= 0; i-- {
		n := p.upgrade[i]
		reinstall, err := site.reinstall(n.Name)
		if err != nil {
			return p, err
		}
		p.rollback = append(p.rollback, steps.RollbackNode{Name: n.Name, PIDFile: n.PIDFile, Reinstall: reinstall, Start: n.Start, BootLog: n.BootLog,
			Restored: site.toolsOn(rc.From)})
	}
	return p, nil
}

func newExecutor(kind string, res targets.Resolved) (executor.Executor, error) {
	opts := executor.Options{}
	if kind == executor.KindSSH {
		if res.Entry == nil {
			return nil, fmt.Errorf("--executor ssh needs a --target from the targets file with an ssh block and ssh_host per node")
		}
		opts.SSH, opts.Nodes = res.Entry.SSH, res.Entry.SSHNodes()
	}
	return executor.New(kind, opts)
}

// config assembles the runbook configuration of this run.
func (p nodePlans) config(f *runbookFlags, rc runContext, snap model.Snapshot) steps.RunbookConfig {
	target, _ := model.ParseVersion(f.to)
	from, _ := model.ParseVersion(rc.From)
	return steps.RunbookConfig{
		// With an executor that runs commands (local, ssh), the backups are
		// taken for real; with manual, the operator runs them and confirms.
		Prep: steps.PrepConfig{RunDir: f.runDir, Nodes: snap.Nodes.Value, BaselineWindow: f.baseline,
			BackupDir: f.backupDir, Executor: p.executor},
		// The config gate reads each node's own config files on the node,
		// through the executor (read here with manual).
		Compat: steps.CompatConfig{Target: target, RunDir: f.runDir, Upgrading: p.names(),
			Config: steps.ConfigSource{Read: steps.ReadThrough(p.executor)}},
		Rolling: steps.RollingConfig{Nodes: p.upgrade, Executor: p.executor, Tools: p.tools, Target: target,
			RequireCanary: !f.noCanary, BootTimeout: f.bootTimeout, RunDir: f.runDir},
		Rollback: steps.RollbackConfig{Nodes: p.rollback, Executor: p.executor, Tools: p.tools, From: from, RequireCanary: !f.noCanary,
			FlagsAtStart: rc.FlagsAtStart, RunDir: f.runDir},
	}
}

// names are the nodes this run upgrades.
func (p nodePlans) names() []string {
	var out []string
	for _, n := range p.upgrade {
		out = append(out, n.Name)
	}
	return out
}

// siteCommands knows how nodes of one kind of installation are handled.
type siteCommands interface {
	tools() executor.Tools
	// toolsOn are the tools that talk to a node running version; nil when
	// they are tools() whatever the version.
	toolsOn(version string) *executor.Tools
	node(name string) (steps.NodePlan, error)
	reinstall(name string) ([]executor.Command, error)
}

// packagedSite: nodes installed from OS packages or a container image,
// started by systemd.
type packagedSite struct {
	f    *runbookFlags
	from string
	cli  executor.Tools // the targets file's tools block; PATH without one
}

func (s packagedSite) tools() executor.Tools { return s.cli }

// entryTools are the CLI tools a targets-file entry describes, PATH for a
// target given by URLs.
func entryTools(res targets.Resolved) executor.Tools {
	if res.Entry == nil {
		return executor.Tools{}
	}
	return res.Entry.CLITools()
}

// toolsOn: a package upgrade replaces the tools with the server.
func (s packagedSite) toolsOn(string) *executor.Tools { return nil }

func (s packagedSite) node(name string) (steps.NodePlan, error) {
	if s.f.to == "" {
		// No target yet (a cockpit opened without --to): nothing to
		// install; the rolling actions refuse and say why.
		return steps.NodePlan{Name: name, Start: executor.StartService(), BootLog: serviceBootLog(name)}, nil
	}
	pkg, err := s.install(s.f.to, s.f.pkgVersion)
	if err != nil {
		return steps.NodePlan{}, err
	}
	return steps.NodePlan{Name: name, Package: pkg, Start: executor.StartService(), BootLog: serviceBootLog(name)}, nil
}

// serviceBootLog reads a systemd node's journal and log file when its
// start fails, for the reason it gave.
func serviceBootLog(name string) steps.BootLogReader {
	return func(since time.Time) ([]executor.Command, error) { return executor.BootLog(name, since) }
}

func (s packagedSite) reinstall(string) ([]executor.Command, error) {
	if s.from == "" {
		return nil, nil
	}
	return s.install(s.from, "")
}

func (s packagedSite) install(version, exact string) ([]executor.Command, error) {
	if exact == "" {
		exact = version + "-1"
	}
	spec := executor.PackageUpgrade{Method: executor.InstallMethod(s.f.method), Version: exact, Image: s.f.image}
	for _, e := range s.f.erlang {
		name, ver, ok := strings.Cut(e, "=")
		if !ok || name == "" || ver == "" {
			return nil, fmt.Errorf("--erlang-package %q: want NAME=VERSION", e)
		}
		spec.Erlang = append(spec.Erlang, executor.PackagePin{Name: name, Version: ver})
	}
	return executor.UpgradePackage(spec)
}

// labSite: a local lab. Its package step moves the node to the lab root
// that ships the target version, for real (`warren lab upgrade-node
// --no-start`), and the rollback's moves it back; when the target is the
// version the node already runs, the step only confirms the package.
// Nodes start the way `warren lab start-node N` starts them.
type labSite struct {
	cfg      lab.Config
	to, from string
}

func (s labSite) tools() executor.Tools {
	// HOME holds the lab's Erlang cookie: the CLI tools need it to talk to
	// the nodes. The tools of the lab's own release talk to its nodes.
	return executor.Tools{Dir: s.cfg.BinDir, Root: s.cfg.RootDir, Env: map[string]string{"HOME": s.cfg.BaseDir, "LANG": "C.UTF-8"}}
}

// toolsOn are the tools of the root that ships version: a node moved
// there is driven with that release's own CLI, not the lab root's.
func (s labSite) toolsOn(version string) *executor.Tools {
	if version == "" {
		return nil
	}
	root, err := lab.RootForVersion(version)
	if err != nil {
		return nil // moveTo refuses such a version before anything runs
	}
	t := s.tools()
	t.Root = root
	return &t
}

func (s labSite) index(name string) (lab.Node, error) {
	for _, n := range s.cfg.AllNodes() {
		if n.Name == name {
			return n, nil
		}
	}
	return lab.Node{}, fmt.Errorf("%s is not a node of the lab", name)
}

func (s labSite) node(name string) (steps.NodePlan, error) {
	n, err := s.index(name)
	if err != nil {
		return steps.NodePlan{}, err
	}
	start, err := s.start(n)
	if err != nil {
		return steps.NodePlan{}, err
	}
	pkg, err := s.moveTo(n, s.to)
	if err != nil {
		return steps.NodePlan{}, err
	}
	return steps.NodePlan{Name: name, PIDFile: n.PIDFile(), Package: pkg, Start: start, Upgraded: s.toolsOn(s.to)}, nil
}

func (s labSite) reinstall(name string) ([]executor.Command, error) {
	n, err := s.index(name)
	if err != nil {
		return nil, err
	}
	return s.moveTo(n, s.from)
}

// moveTo is the package step that puts node n on version: a confirmation
// when it runs it already, else a switch to the root that ships it. A
// version no lab root ships fails here, before the run touches a node.
func (s labSite) moveTo(n lab.Node, version string) ([]executor.Command, error) {
	pkgs, err := s.cfg.NodePackages(n)
	if version == "" || (err == nil && pkgs.RabbitMQ == version) {
		return s.samePackage(n), nil
	}
	if err := lab.Ships(version); err != nil {
		return nil, err
	}
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find warren's own binary to switch lab nodes: %w", err)
	}
	argv, env := s.labCommand(exe, "upgrade-node", strconv.Itoa(n.Index), "--version", version, "--no-start")
	return []executor.Command{{Argv: argv, Env: env, Timeout: 10 * time.Minute,
		Description: "move " + n.Name + " to the lab root that ships RabbitMQ " + version + ", keeping its data, config and cookie"}}, nil
}

func (s labSite) samePackage(n lab.Node) []executor.Command {
	argv := []string{"dpkg-query", "-W", "-f=${Version}\n", "rabbitmq-server"}
	if root := s.cfg.RootOf(n); root != "" {
		argv = append([]string{"chroot", root}, argv...)
	}
	return []executor.Command{{Argv: argv,
		Description: n.Name + " already runs the target version: confirm the installed package instead of installing one"}}
}

func (s labSite) start(n lab.Node) ([]executor.Command, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find warren's own binary to start lab nodes: %w", err)
	}
	argv, env := s.labCommand(exe, "start-node", strconv.Itoa(n.Index))
	return executor.StartWith(n.Name, argv, env)
}

// labCommand is `warren lab ARGS` aimed at this lab: --name for a named
// lab, the WARREN_LAB_* environment for the default one.
func (s labSite) labCommand(exe string, args ...string) ([]string, map[string]string) {
	argv := append([]string{exe, "lab"}, args...)
	if s.cfg.Name != "" {
		return append(argv, "--name", s.cfg.Name), nil
	}
	return argv, map[string]string{
		"WARREN_LAB_DIR": s.cfg.BaseDir, "WARREN_LAB_PREFIX": s.cfg.Prefix,
		"WARREN_LAB_NODES":     strconv.Itoa(s.cfg.Nodes),
		"WARREN_LAB_AMQP_PORT": strconv.Itoa(s.cfg.AMQPPort), "WARREN_LAB_MGMT_PORT": strconv.Itoa(s.cfg.MgmtPort),
		"WARREN_LAB_DIST_PORT": strconv.Itoa(s.cfg.DistPort),
		"WARREN_LAB_STATS_MS":  strconv.FormatInt(s.cfg.StatsInterval.Milliseconds(), 10),
	}
}
