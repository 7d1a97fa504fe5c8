package steps

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/warren-sre/warren/model"
)

// CompatConfig configures the compatibility phase.
type CompatConfig struct {
	Target model.Version
	Config ConfigSource
	// Upgrading names the nodes the run upgrades (empty: every node the
	// cluster lists); a config file of theirs that was not read fails the
	// config gate as NOT_CHECKED.
	Upgrading []string
	Headroom  model.HeadroomPolicy
	// RunDir, when set, receives converted classic configs
	// (config/<node>/rabbitmq.conf and advanced.config, mode 0600).
	RunDir string
}

// CompatibilitySteps returns one gate per pre-flight check group (health, path,
// Erlang, feature flags, deprecated features, plugins, clients, headroom,
// config): a blocker keeps the Rolling phase locked until it is fixed and
// re-checked, or acknowledged.
func CompatibilitySteps(cfg CompatConfig) []Step {
	out := make([]Step, 0, len(model.CheckGroups))
	for _, g := range model.CheckGroups {
		out = append(out, Step{
			ID: "compat." + g.ID, Phase: Compatibility, Title: g.Title, Why: g.Why, Gate: true,
			Commands: [][]string{{"warren", "check", "--to", cfg.Target.String()}},
			Check:    compatCheck(cfg, g),
		})
	}
	return out
}

func compatCheck(cfg CompatConfig, g model.CheckGroup) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		facts := model.CheckFacts{Target: cfg.Target, Snapshot: env.Snapshot, Headroom: cfg.Headroom}
		var cluster PrepCluster
		if env.Cluster != nil {
			cluster = env.Cluster
		}
		switch g.ID {
		case "deprecated":
			gatherPolicies(ctx, cluster, &facts)
			gatherDeprecated(ctx, cluster, &facts)
			gatherQueues(ctx, cluster, &facts)
		case "links":
			gatherLinks(ctx, cluster, &facts)
		case "config":
			facts.ConfigFiles = ReadConfigFiles(ctx, env.Snapshot.Nodes.Value, cfg.Config, cfg.Target)
			facts.Upgrading = upgrading(cfg.Upgrading, env.Snapshot.Nodes.Value)
			if len(facts.ConfigFiles) == 0 && env.Snapshot.Nodes.OK() {
				return stampResult(env, Result{Verdict: Pass, Summary: "no node reports a config file: defaults only"})
			}
			if err := saveConverted(cfg.RunDir, facts.ConfigFiles); err != nil {
				return stampResult(env, Result{Verdict: Fail, Summary: "could not save the converted config: " + err.Error()})
			}
		}
		res := ResultFromFindings(g.Run(facts))
		if g.ID == "config" {
			res.Evidence = append(res.Evidence, conversionReports(facts.ConfigFiles)...)
		}
		return stampResult(env, res)
	}
}

// upgrading is the nodes a run upgrades: the ones it was given, else every
// node the cluster lists (a rolling upgrade upgrades them all).
func upgrading(given []string, nodes []model.Node) []string {
	if len(given) > 0 {
		return given
	}
	var all []string
	for _, n := range nodes {
		all = append(all, n.Name)
	}
	return all
}

// ResultFromFindings turns a check group's findings into a gate result:
// any blocker fails it; warnings and notes pass but stay in the evidence.
func ResultFromFindings(fs []model.Finding) Result {
	model.SortFindings(fs)
	res := Result{Verdict: Pass, Findings: fs}
	var blockers, warnings int
	var remedies []string
	for _, f := range fs {
		res.Evidence = append(res.Evidence, fmt.Sprintf("[%s] %s: %s", strings.ToUpper(string(f.Severity)), f.Code, f.Title))
		for _, e := range f.Evidence {
			res.Evidence = append(res.Evidence, "    "+e)
		}
		switch f.Severity {
		case model.Blocker:
			blockers++
			remedies = appendRemedy(remedies, f)
		case model.Warning:
			warnings++
		}
	}
	switch {
	case blockers > 0:
		res.Verdict = Fail
		res.Summary = fmt.Sprintf("%d blocker(s): %s", blockers, fs[0].Title)
		res.Remedy = strings.Join(remedies, "\n")
	case warnings > 0:
		res.Summary = fmt.Sprintf("no blocker, %d warning(s)", warnings)
	default:
		res.Summary = "no blocker"
	}
	return res
}

func appendRemedy(remedies []string, f model.Finding) []string {
	r := f.Remedy
	if f.Doc != "" {
		r += " (" + f.Doc + ")"
	}
	for _, have := range remedies {
		if have == r {
			return remedies
		}
	}
	return append(remedies, r)
}

func stampResult(env Env, r Result) Result {
	r.At = env.now()
	return r
}

func conversionReports(files []model.ConfigFile) []string {
	var out []string
	for _, cf := range files {
		if len(cf.Report) == 0 {
			continue
		}
		out = append(out, "conversion of "+cf.Path+" ("+cf.Node+"):")
		for _, l := range cf.Report {
			out = append(out, "    "+l)
		}
	}
	return out
}

// saveConverted writes each classic config's conversion into the run dir,
// 0600: the files may carry passwords.
func saveConverted(runDir string, files []model.ConfigFile) error {
	if runDir == "" {
		return nil
	}
	for _, cf := range files {
		if cf.ConvertedConf == "" {
			continue
		}
		dir := filepath.Join(runDir, "config", safeName(cf.Node))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
		if err := writePrivate(filepath.Join(dir, "rabbitmq.conf"), []byte(cf.ConvertedConf)); err != nil {
			return err
		}
		if cf.ConvertedAdvanced != "" {
			if err := writePrivate(filepath.Join(dir, "advanced.config"), []byte(cf.ConvertedAdvanced)); err != nil {
				return err
			}
		}
	}
	return nil
}
