package steps

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// Post-migration step ids.
const (
	BGCompare      = "bg.post.compare"
	BGCanary       = "bg.post.canary"
	BGUnfederate   = "bg.post.remove-federation"
	BGDecommission = "bg.post.decommission"
)

func bgPostSteps(cfg BlueGreenConfig) []Step {
	compare := Step{ID: BGCompare, Phase: PostMigration, Gate: true, Title: "Green holds what blue held",
		Why: "Every definition of blue is on green (minus what the transform dropped, listed), every migrated queue on green holds " +
			"at least what blue's held before the move plus what green's held (unless consumers on green take them), and blue's migrated queues are empty.",
		Check: compareGreen(cfg)}
	unfed := Step{ID: BGUnfederate, Phase: PostMigration, Title: "Remove the federation from green",
		Why: "With blue drained and its clients gone, green's queues stop consuming from blue: its policies (the queues fall back to " +
			"their own) and the upstream go.",
		Action: &Action{Commands: [][]string{{"DELETE", "/api/policies/{vhost}/" + model.FederationPolicyPrefix + "{queue} (green)"},
			{"DELETE", "/api/parameters/federation-upstream/{vhost}/" + model.FederationUpstream + " (green)"}}, Run: removeFederation(cfg)},
		Check: noFederation(cfg)}
	decom := Step{ID: BGDecommission, Phase: PostMigration, Title: "Decommission blue (keep it, stopped, until sign-off)",
		Why: "Blue is the only way back: stop it (rabbitmqctl stop_app on each node) once the change is verified, keep its data " +
			"and the definitions backup until the change is signed off, then delete it.",
		Check: decommissionList(cfg)}
	canary := Step{ID: BGCanary, Phase: PostMigration, Gate: true, Title: "warren's canary crossed the move without loss",
		Why: "The canary published on blue and consumed on green between the two move gates, then moved entirely: every message it had " +
			"confirmed must have arrived, and its gaps are the moves'. It waits until nothing is in flight, so a message stranded on blue counts.",
		Check: canaryCrossed(cfg)}
	return []Step{compare, canary, unfed, decom}
}

func compareGreen(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		var v verdict
		compareDefinitions(ctx, cfg, &v)
		compareMessages(ctx, cfg, &v)
		return v.result(env, "green holds blue's definitions and messages; blue's queues are empty", "green does not hold what blue held",
			"messages still on blue")
	}
}

func compareDefinitions(ctx context.Context, cfg BlueGreenConfig, v *verdict) {
	data, err := os.ReadFile(filepath.Join(cfg.RunDir, BGGreenDefsFile))
	if err != nil {
		v.fail("nothing was imported: %v", err)
		return
	}
	want, err := model.ParseDefinitions(data)
	if err != nil {
		v.fail("%v", err)
		return
	}
	green, err := greenDefinitions(ctx, cfg)
	if err != nil {
		v.fail("%v", err)
		return
	}
	problems, agreed := model.VerifyImported(want, green)
	for _, p := range problems {
		v.fail("%s", p)
	}
	v.ok("%d definitions on green as on blue", agreed)
	if _, changes, _, err := transformedBackup(ctx, cfg); err == nil {
		for _, c := range changes {
			v.ok("not migrated as is: %s", c)
		}
	}
}

func compareMessages(ctx context.Context, cfg BlueGreenConfig, v *verdict) {
	base, err := loadBGBaseline(cfg.RunDir)
	if err != nil {
		v.fail("no baseline: %v", err)
		return
	}
	qs, err := migratedQueues(ctx, cfg)
	if err != nil {
		v.fail("%v", err)
		return
	}
	blue, err := loadByKey(ctx, cfg.Blue)
	if err != nil {
		v.fail("cannot read blue's queues: %v", err)
		return
	}
	green, err := loadByKey(ctx, cfg.Green)
	if err != nil {
		v.fail("cannot read green's queues: %v", err)
		return
	}
	blueNow, blueFrom, asked := sourceNow(ctx, "blue now", cfg.Blue, qs, blue)
	if !asked {
		// The comparison cannot pass while blue lists messages: wait on
		// the listing; the queues are asked once it reads empty.
		for _, q := range qs {
			if n := blueNow[q.Key()]; n > 0 {
				v.wait("%s: blue lists %d messages (published to blue after the drain? federation moves it to green's consumers)", q.Key(), n)
			}
		}
		return
	}
	greenNow, greenFrom := readyNow(ctx, "green now", cfg.Green, listed(qs, green))
	for _, q := range qs {
		k := q.Key()
		want := base.Blue[k] + base.Green[k]
		g, b := green[k], blueNow[k]
		line := fmt.Sprintf("%s: green %d ready (%s), blue before %d, blue now %d", k, greenNow[k], g.Type, base.Blue[k], b)
		switch {
		case b > 0:
			// Federation still runs: a moved consumer drains it; a queue
			// nobody consumes on green keeps what was published to blue
			// after the drain, and this waits until the run gives up.
			v.wait("%s: blue's queue is not empty (published to blue after the drain? federation moves it to green's consumers)", line)
		case g.Consumers > 0 && g.Type == q.Type:
			// Moved consumers take messages as they arrive: the count
			// proves nothing either way, and the drain saw blue empty.
			v.ok("%s: %d consumer(s) on green take messages, the count is not compared", line, g.Consumers)
		case greenNow[k] < want:
			v.fail("%s: green should hold at least %d (did a client consume on green? acknowledge if so)", line, want)
		case greenNow[k] > want:
			v.ok("%s: %d more than blue held before (published during the move)", line, greenNow[k]-want)
		case g.Type != q.Type:
			v.fail("%s: green's queue is %s, blue's was %s", line, g.Type, q.Type)
		default:
			v.ok("%s", line)
		}
	}
	v.ok("%s", blueFrom)
	v.ok("%s", greenFrom)
	for _, from := range base.Sources {
		v.ok("baseline %s", from)
	}
}

func removeFederation(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		if cfg.Green == nil {
			return "", errNoGreen
		}
		policies, err := cfg.Green.Policies(ctx)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		for _, p := range policies {
			if !strings.HasPrefix(p.Name, model.FederationPolicyPrefix) {
				continue
			}
			err := cfg.Green.DeletePolicy(ctx, p.VHost, p.Name)
			logCall(env, []string{"DELETE", "/api/policies/" + p.VHost + "/" + p.Name}, err)
			if err != nil {
				return out.String(), err
			}
			fmt.Fprintf(&out, "removed policy %s in vhost %s\n", p.Name, p.VHost)
		}
		got, err := removeParams(ctx, env, cfg, "federation-upstream", model.FederationUpstream)
		return out.String() + got, err
	}
}

func noFederation(cfg BlueGreenConfig) func(context.Context, Env) Result {
	params := noneLeft(cfg, "federation-upstream", model.FederationUpstream)
	return func(ctx context.Context, env Env) Result {
		if r := params(ctx, env); r.Verdict != Pass {
			return r
		}
		policies, err := cfg.Green.Policies(ctx)
		if err != nil {
			return failResult(env, "cannot read green's policies", err.Error())
		}
		var v verdict
		for _, p := range policies {
			if strings.HasPrefix(p.Name, model.FederationPolicyPrefix) {
				v.fail("policy %s still in vhost %s", p.Name, p.VHost)
			}
		}
		return v.result(env, "no federation of warren's left on green", "federation policies remain", "")
	}
}

func decommissionList(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		nodes, err := readNodes(ctx, cfg.Blue, "blue")
		if err != nil {
			return failResult(env, "cannot read blue's nodes", err.Error())
		}
		ev := []string{"1. confirm every client runs against green (" + cfg.GreenName + ")"}
		for _, n := range nodes {
			ev = append(ev, fmt.Sprintf("2. stop blue's %s: rabbitmqctl -n %s stop_app (keep its data directory)", n.Name, n.Name))
		}
		ev = append(ev, "3. keep "+filepath.Join(cfg.RunDir, DefinitionsFile)+" and blue's data until the change is signed off",
			"4. after sign-off: delete blue's nodes and their data")
		return Result{Verdict: Pass, At: env.now(), Summary: "decommission checklist for blue (blue is untouched and still running)", Evidence: ev}
	}
}

// canaryCrossed judges what the canary measured across the move: it must
// be on green, nothing in flight (every message confirmed before the move
// settled), and nothing lost.
func canaryCrossed(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(_ context.Context, env Env) Result {
		if cfg.CanaryVHost == "" {
			return Result{Verdict: Pass, At: env.now(), Summary: "no canary in this run (--no-canary): nothing measured the move"}
		}
		s := env.Snapshot.Canary
		var v verdict
		c := s.Value
		switch {
		case s.At.IsZero():
			v.wait("no canary sample yet")
		case c.Lost > 0:
			v.fail("%d confirmed canary message(s) never arrived", c.Lost)
		case c.PublishOn != model.ClusterGreen || c.ConsumeOn != model.ClusterGreen:
			v.wait("the canary publishes on %s and consumes on %s: it moves within a second of the gates", cmp.Or(c.PublishOn, "no cluster"), cmp.Or(c.ConsumeOn, "no cluster"))
		case c.InFlight > 0:
			v.wait("%d canary message(s) in flight", c.InFlight)
		}
		v.ok("canary: published %d, confirmed %d, delivered %d, lost %d, in flight %d, unconfirmed %d, duplicates %d",
			c.Published, c.Confirmed, c.Delivered, c.Lost, c.InFlight, c.Unconfirmed, c.Duplicates)
		v.ok("canary end-to-end latency over the last window: p50 %v, p99 %v", c.EndToEnd.P50, c.EndToEnd.P99)
		for _, g := range c.Gaps {
			v.ok("canary gap %v: %s → %s (%s)", g.Duration.Round(time.Millisecond), g.From, g.To, g.Reason)
		}
		return v.result(env, fmt.Sprintf("the canary moved to green: %d delivered, 0 lost", c.Delivered),
			"the canary lost messages across the move", "the canary has not settled on green yet")
	}
}
