package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Files of a blue-green run.
const (
	BGBaselineFile  = "bluegreen-baseline.json"
	BGGreenDefsFile = "definitions-green.json"
	BGShovelsFile   = "bluegreen-shovels.json"
)

// BGBaselineData is the message count of every queue on both clusters
// before anything moved: the post-migration comparison's reference.
type BGBaselineData struct {
	TakenAt time.Time        `json:"taken_at"`
	Blue    map[string]int64 `json:"blue"`
	Green   map[string]int64 `json:"green"`
	// Sources say where each side's counts came from (AMQP or the
	// statistics listing).
	Sources []string `json:"sources,omitempty"`
}

func baselineBGStep(cfg BlueGreenConfig) Step {
	return Step{ID: BGBaseline, Phase: Preparation, Title: "Message baselines of blue and green",
		Why: "Every queue's ready messages on both clusters before anything moves, asked of each queue over AMQP: after the move green must hold what blue held.",
		Action: &Action{Commands: [][]string{{"GET", "/api/queues (blue and green)"}, {"AMQP", "queue.declare passive, each queue (blue and green)"}},
			Run: takeBGBaseline(cfg)},
		Check: func(_ context.Context, env Env) Result {
			b, err := loadBGBaseline(cfg.RunDir)
			if err != nil {
				return failResult(env, "no baseline yet", err.Error())
			}
			return Result{Verdict: Pass, At: env.now(), Summary: fmt.Sprintf("baseline: blue %d messages, green %d", total(b.Blue), total(b.Green)),
				Evidence: append(append([]string(nil), b.Sources...), depthLines("blue", b.Blue)...)}
		}}
}

// takeBGBaseline records every queue's ready messages on both sides.
func takeBGBaseline(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		if cfg.Green == nil || cfg.Blue == nil {
			return "", errNoGreen
		}
		blue, err := cfg.Blue.QueueLoad(ctx)
		if err != nil {
			return "", fmt.Errorf("blue's queues: %w", err)
		}
		green, err := cfg.Green.QueueLoad(ctx)
		if err != nil {
			return "", fmt.Errorf("green's queues: %w", err)
		}
		b := BGBaselineData{TakenAt: env.now()}
		var blueFrom, greenFrom string
		b.Blue, blueFrom = readyNow(ctx, "blue", cfg.Blue, withoutCanary(blue))
		b.Green, greenFrom = readyNow(ctx, "green", cfg.Green, withoutCanary(green))
		b.Sources = []string{blueFrom, greenFrom}
		if err := saveJSON(cfg.RunDir, BGBaselineFile, b); err != nil {
			return "", err
		}
		return fmt.Sprintf("blue: %d messages ready in %d queues; green: %d messages ready in %d queues\n%s\n%s\n",
			total(b.Blue), len(b.Blue), total(b.Green), len(b.Green), blueFrom, greenFrom), nil
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func depthLines(side string, m map[string]int64) []string {
	var out []string
	for k, v := range m {
		out = append(out, fmt.Sprintf("%s: %s holds %d", side, k, v))
	}
	sort.Strings(out)
	return out
}

func saveJSON(dir, name string, v any) error {
	if err := runDirOK(dir); err != nil {
		return err
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(filepath.Join(dir, name), append(data, '\n'))
}

func loadJSON(dir, name string, into any) error {
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		return err
	}
	return json.Unmarshal(data, into)
}

func loadBGBaseline(dir string) (BGBaselineData, error) {
	var b BGBaselineData
	err := loadJSON(dir, BGBaselineFile, &b)
	return b, err
}

// The compatibility steps: blue's definitions against green's actual
// version — as a whole (what the transform does), then users' password
// hashing and CQv1 queue arguments on their own, because the importer
// never says a word about the first and the second needs the
// applications to change.
const (
	BGCompat          = "bg.compat.definitions"
	BGCompatHashing   = "bg.compat.password-hashing"
	BGCompatQueueArgs = "bg.compat.queue-arguments"
)

func bgCompatSteps(cfg BlueGreenConfig) []Step {
	return []Step{{ID: BGCompat, Phase: Compatibility, Gate: true, Title: "Blue's definitions against green's version",
		Why: "ha-* policy keys are refused from 4.0 (HTTP 400, and the import is not atomic), queue types a version lacks cannot be declared: " +
			"each finding says what the transform does. The transform drops keys and skips objects; it never invents a replacement.",
		Check: compatDefinitions(cfg)},
		{ID: BGCompatQueueArgs, Phase: Compatibility, Gate: true, Title: "Classic queue v1 arguments on green",
			Why:   "4.3 refuses x-queue-mode and x-queue-version=1 (the transform drops them, the applications must stop sending them); 4.0–4.2 accept and ignore them",
			Check: compatBlueDefinitions(cfg, "queue arguments", model.QueueArgumentFindings)},
		{ID: BGCompatHashing, Phase: Compatibility, Gate: true, Title: "Users' password hashing algorithms on green",
			Why:   "a user hashed by a module green does not ship is imported without complaint and can never log in: the importer does not check the module",
			Check: compatBlueDefinitions(cfg, "users' hashing algorithms", model.PasswordHashingFindings)}}
}

// compatBlueDefinitions judges blue's definitions backup against green's
// actual version with one pure check.
func compatBlueDefinitions(cfg BlueGreenConfig, what string, check func(model.Definitions, model.Version) []model.Finding) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		blue, gv, err := blueAndGreenVersion(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot check "+what, err.Error())
		}
		r := ResultFromFindings(check(blue, gv))
		if len(r.Findings) == 0 {
			r.Summary = fmt.Sprintf("%s: nothing RabbitMQ %s treats differently", what, gv)
		}
		return stampResult(env, r)
	}
}

func compatDefinitions(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		want, changes, gv, err := transformedBackup(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot check blue's definitions", err.Error())
		}
		r := Result{Verdict: Pass, At: env.now(),
			Summary: fmt.Sprintf("blue's definitions import into %s after %d change(s); %d queues to move", gv, len(changes), len(want.MigratedQueues()))}
		for _, c := range changes {
			r.Evidence = append(r.Evidence, c.String())
			r.Findings = append(r.Findings, changeFinding(c))
		}
		return withLinkTLS(ctx, cfg, want, gv, r, env)
	}
}

// withLinkTLS judges the shovels and federation upstreams the import
// carries to green against green's Erlang: links blue ran unverified on
// Erlang 25 verify their peer on 26+ (the same rule as `warren check`).
func withLinkTLS(ctx context.Context, cfg BlueGreenConfig, want model.Definitions, gv model.Version, r Result, env Env) Result {
	links := model.LinkURIs(want.Parameters())
	if len(links) == 0 {
		return r
	}
	nodes, err := readNodes(ctx, cfg.Blue, "blue")
	if err != nil {
		return failResult(env, "cannot read blue's Erlang for its shovels and federation links", err.Error())
	}
	var erlangs []string
	for _, n := range nodes {
		erlangs = append(erlangs, n.ErlangVersion)
	}
	f := model.LinkTLSFinding(links, erlangs, gv)
	if f == nil {
		return r
	}
	r.Findings = append(r.Findings, *f)
	r.Evidence = append(r.Evidence, f.Title)
	r.Evidence = append(r.Evidence, f.Evidence...)
	if f.Severity == model.Blocker {
		r.Verdict, r.Summary, r.Remedy = Fail, f.Title, f.Remedy
	}
	return r
}

func changeFinding(c model.DefinitionChange) model.Finding {
	sev, code := model.Warning, "BG_DROPPED_KEYS"
	switch {
	case c.Skipped:
		code = "BG_SKIPPED"
	case c.ConvertedTo != "":
		code = "BG_CONVERTED"
	}
	if c.Kind == "global_parameters" || model.IsCanaryQueue(strings.Fields(c.Object + " x")[1]) {
		// warren's own canary and blue's identity: nothing the operator loses.
		sev = model.Info
	}
	return model.Finding{Code: code, Severity: sev, Title: c.String(), Evidence: []string{c.Why},
		Remedy: "nothing to do for the import; review the behaviour green will have without it"}
}
