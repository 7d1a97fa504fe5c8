package steps

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Post-upgrade step ids.
const (
	PostEnableFlags = "post/enable-feature-flags"
	PostRebalance   = "post/rebalance-leaders"
	PostCompare     = "post/compare-baseline"
	// ConfirmFlagsWord is what the operator types to enable the flags.
	ConfirmFlagsWord = "enable-flags"
)

// PostConfig configures the post-upgrade phase.
type PostConfig struct {
	// Baseline returns the measurements taken before the upgrade.
	Baseline func() (model.Baseline, error)
}

// PostUpgradeSteps: enable every stable feature flag (a one-way door),
// rebalance quorum leaders, compare against the baseline.
func PostUpgradeSteps(cfg PostConfig) []Step {
	flags := Step{ID: PostEnableFlags, Phase: PostUpgrade, Title: "Enable all stable feature flags",
		Why: "ONE-WAY DOOR: an enabled feature flag cannot be disabled. Once enabled, nodes of the previous version can no longer join, " +
			"and an in-place rollback is gone (only a backup restore or a blue-green switch remain). The next upgrade needs them enabled.",
		Commands: [][]string{{"rabbitmqctl", "enable_feature_flag", "all"}},
		Action: &Action{Irreversible: true, Confirm: ConfirmFlagsWord,
			Commands: [][]string{{"PUT", "/api/feature-flags/{name}/enable", "(each disabled stable flag)"}},
			Run:      enableStableFlags},
		Check: allStableFlagsEnabled}
	rebalance := Step{ID: PostRebalance, Phase: PostUpgrade, Title: "Rebalance quorum queue leaders",
		Why:      "The rolling restart moved leaders off each node in turn; rebalancing spreads them again (the broker does it asynchronously).",
		Commands: [][]string{{"rabbitmq-queues", "rebalance", "all"}},
		Action:   &Action{Commands: [][]string{{"POST", "/api/rebalance/queues"}}, Run: rebalanceLeaders}}
	compare := Step{ID: PostCompare, Phase: PostUpgrade, Title: "Compare with the baseline",
		Why:   "Canary latency and rates, message and queue totals before and after, side by side; more than 50 % worse fails.",
		Check: compareBaseline(cfg)}
	return []Step{flags, rebalance, compare}
}

func disabledStable(flags []model.FeatureFlag) []string {
	var out []string
	for _, f := range flags {
		if !f.Enabled() && f.Stability == "stable" && f.State != "unavailable" {
			out = append(out, f.Name)
		}
	}
	sort.Strings(out)
	return out
}

func readFlags(ctx context.Context, env Env) ([]model.FeatureFlag, error) {
	if env.Cluster == nil {
		return nil, fmt.Errorf("no live cluster connection")
	}
	s := env.Cluster.FeatureFlags(ctx)
	if s.Err != "" {
		return nil, fmt.Errorf("could not read the feature flags: %s", s.Err)
	}
	return s.Value, nil
}

func enableStableFlags(ctx context.Context, env Env) (string, error) {
	flags, err := readFlags(ctx, env)
	if err != nil {
		return "", err
	}
	todo := disabledStable(flags)
	var out strings.Builder
	for _, name := range todo {
		start := time.Now()
		err := env.Cluster.EnableFeatureFlag(ctx, name)
		run := CommandRun{Argv: []string{"PUT", "/api/feature-flags/" + url.PathEscape(name) + "/enable"}, Duration: time.Since(start)}
		if err != nil {
			run.ExitCode, run.Error = 1, err.Error()
		}
		if env.LogCommand != nil {
			env.LogCommand(run)
		}
		if err != nil {
			return out.String(), fmt.Errorf("enable %s: %w", name, err)
		}
		fmt.Fprintf(&out, "enabled %s\n", name)
	}
	if len(todo) == 0 {
		out.WriteString("every stable feature flag was already enabled\n")
	}
	return out.String(), nil
}

func allStableFlagsEnabled(ctx context.Context, env Env) Result {
	flags, err := readFlags(ctx, env)
	if err != nil {
		return failResult(env, "cannot read the feature flags", err.Error())
	}
	var v verdict
	if left := disabledStable(flags); len(left) > 0 {
		v.fail("still disabled: %s", strings.Join(left, ", "))
	} else {
		v.ok("%d feature flags, every stable one enabled", len(flags))
	}
	return v.result(env, "every stable feature flag is enabled", "stable feature flags remain disabled", "")
}

func rebalanceLeaders(ctx context.Context, env Env) (string, error) {
	if env.Cluster == nil {
		return "", fmt.Errorf("no live cluster connection")
	}
	start := time.Now()
	err := env.Cluster.RebalanceQueues(ctx)
	run := CommandRun{Argv: []string{"POST", "/api/rebalance/queues"}, Duration: time.Since(start)}
	if err != nil {
		run.ExitCode, run.Error = 1, err.Error()
	}
	if env.LogCommand != nil {
		env.LogCommand(run)
	}
	if err != nil {
		return "", err
	}
	return "rebalance requested; the broker moves leaders asynchronously (see its logs)\n", nil
}
