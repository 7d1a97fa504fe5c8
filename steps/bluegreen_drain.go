package steps

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/warren-sre/warren/model"
)

// BGShovelRun records when the shovels started and what each queue held
// on both sides then (source: where messages come from): the drain's
// evidence (messages moved, per second).
type BGShovelRun struct {
	Started time.Time        `json:"started"`
	Source  map[string]int64 `json:"source"`
	Dest    map[string]int64 `json:"dest"`
}

// shovelValue is a dynamic shovel from src to dest, queue to queue, acking
// on the destination's confirm so nothing is lost in between, never
// deleting itself: the step removes it once the source is empty.
func shovelValue(src, dest []string, queue string) map[string]any {
	return map[string]any{
		"src-protocol": "amqp091", "src-uri": src, "src-queue": queue,
		"dest-protocol": "amqp091", "dest-uri": dest, "dest-queue": queue,
		"ack-mode": "on-confirm", "src-delete-after": "never",
	}
}

// direction says which way messages move: blue→green in the migration,
// green→blue in the rollback. Shovels always run on green, where the
// plugin is known to be enabled.
type direction struct {
	from, to string // "blue", "green"
	// uris gives the shovel's source and destination for one vhost.
	uris func(vhost string) (src, dest []string, err error)
	// source and dest are the clusters whose depths are compared.
	source, dest func(BlueGreenConfig) MigrationCluster
	file         string
}

func forward(cfg BlueGreenConfig) direction {
	return direction{from: "blue", to: "green", file: BGShovelsFile,
		uris: func(vhost string) ([]string, []string, error) {
			src, err := cfg.BlueAccess.URIs(vhost)
			return src, []string{localURIFor(vhost)}, err
		},
		source: func(c BlueGreenConfig) MigrationCluster { return c.Blue },
		dest:   func(c BlueGreenConfig) MigrationCluster { return c.Green }}
}

func shovelStep(cfg BlueGreenConfig) Step {
	d := forward(cfg)
	return Step{ID: BGShovel, Phase: Migration, Title: "Shovel what is left on blue into green",
		Why: "One dynamic shovel per migrated queue, declared on green, moves blue's messages to the same queue on green " +
			"(acknowledged on green's confirm: at least once, so a consumer may see a message twice, never lose one); " +
			"the step waits until every blue queue is empty and green counts what left it.",
		Action: &Action{Commands: [][]string{{"PUT", "/api/parameters/shovel/{vhost}/" + model.ShovelPrefix + "{queue} (green)"}},
			Run: startShovels(cfg, d)},
		Check: emptied(cfg, d)}
}

func startShovels(cfg BlueGreenConfig, d direction) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		qs, err := migratedQueues(ctx, cfg)
		if err != nil {
			return "", err
		}
		src, err := loadByKey(ctx, d.source(cfg))
		if err != nil {
			return "", fmt.Errorf("%s's queues: %w", d.from, err)
		}
		dst, err := loadByKey(ctx, d.dest(cfg))
		if err != nil {
			return "", fmt.Errorf("%s's queues: %w", d.to, err)
		}
		// What each side holds, asked of the queues: a listing an emission
		// old said 0 for a queue just filled, and the drain passed at once.
		run := BGShovelRun{Started: env.now()}
		var srcFrom, dstFrom string
		run.Source, srcFrom = readyNow(ctx, d.from, d.source(cfg), listed(qs, src))
		run.Dest, dstFrom = readyNow(ctx, d.to, d.dest(cfg), listed(qs, dst))
		var out strings.Builder
		for _, q := range qs {
			if err := putShovel(ctx, env, cfg, d, q); err != nil {
				return out.String(), err
			}
			fmt.Fprintf(&out, "%s: shovel %s started, %d message(s) on %s to move\n", q.Key(), model.ShovelName(q), run.Source[q.Key()], d.from)
		}
		fmt.Fprintf(&out, "%s\n%s\n", srcFrom, dstFrom)
		return out.String(), saveJSON(cfg.RunDir, d.file, run)
	}
}

func putShovel(ctx context.Context, env Env, cfg BlueGreenConfig, d direction, q model.MigratedQueue) error {
	src, dest, err := d.uris(q.VHost)
	if err != nil {
		return err
	}
	err = cfg.Green.PutParameter(ctx, "shovel", q.VHost, model.ShovelName(q), shovelValue(src, dest, q.Name))
	logCall(env, []string{"PUT", "/api/parameters/shovel/" + q.VHost + "/" + model.ShovelName(q)}, err)
	if err != nil {
		return fmt.Errorf("shovel for %s: %w", q.Key(), err)
	}
	return nil
}

// emptied waits until every migrated queue on the source side is empty,
// with per-queue evidence of what moved and how fast. A terminated shovel
// fails: it will not move anything more by itself.
func emptied(cfg BlueGreenConfig, d direction) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		var run BGShovelRun
		if err := loadJSON(cfg.RunDir, d.file, &run); err != nil {
			return failResult(env, "the shovels have not been started", err.Error())
		}
		qs, err := migratedQueues(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot list the migrated queues", err.Error())
		}
		src, err := loadByKey(ctx, d.source(cfg))
		if err != nil {
			return failResult(env, "cannot read "+d.from+"'s queues", err.Error())
		}
		dst, err := loadByKey(ctx, d.dest(cfg))
		if err != nil {
			return failResult(env, "cannot read "+d.to+"'s queues", err.Error())
		}
		var v verdict
		shovelProblems(ctx, cfg, &v)
		left, leftFrom, asked := sourceNow(ctx, d.from, d.source(cfg), qs, src)
		held := map[string]int64{}
		for _, q := range qs {
			held[q.Key()] = dst[q.Key()].Messages
		}
		if asked {
			var heldFrom string
			held, heldFrom = readyNow(ctx, d.to, d.dest(cfg), listed(qs, dst))
			v.ok("%s", heldFrom)
		}
		v.ok("%s", leftFrom)
		var moved int64
		for _, q := range qs {
			k := q.Key()
			before := run.Source[k]
			moved += before - left[k]
			line := fmt.Sprintf("%s: %d of %d moved, %d left on %s, %s holds %d", k, before-left[k], before, left[k], d.from, d.to, held[k])
			switch {
			case left[k] > 0:
				v.wait("%s", line)
			case !arrived(held[k], dst[k].Consumers, run.Dest[k]+before):
				// Both listings lag by a statistics interval, each on its own
				// clock: blue may read empty before green counts the arrivals.
				v.wait("%s, not yet the %d expected", line, run.Dest[q.Key()]+before)
			default:
				v.ok("%s", line)
			}
		}
		if secs := env.now().Sub(run.Started).Seconds(); secs > 0 && !run.Started.IsZero() {
			v.ok("%d message(s) moved in %.0f s (%.0f msg/s, as the management stats see it)", moved, secs, float64(moved)/secs)
		}
		return v.result(env, "every migrated queue on "+d.from+" is empty", "a shovel stopped", "messages still on "+d.from)
	}
}

// arrived: the destination queue counts what it held plus what moved, or
// consumers on it take messages as they come, so its count proves nothing.
func arrived(held int64, consumers int, want int64) bool { return held >= want || consumers > 0 }

// shovelProblems fails on any of warren's shovels that terminated.
func shovelProblems(ctx context.Context, cfg BlueGreenConfig, v *verdict) {
	list, err := cfg.Green.Shovels(ctx)
	if err != nil {
		v.fail("cannot read green's shovels: %v", err)
		return
	}
	for _, s := range list {
		if strings.HasPrefix(s.Name, model.ShovelPrefix) && s.State == "terminated" {
			v.fail("shovel %s in vhost %s terminated", s.Name, s.VHost)
		}
	}
}

func unshovelStep(cfg BlueGreenConfig) Step {
	return Step{ID: BGUnshovel, Phase: Migration, Title: "Remove the shovels",
		Why:    "The dynamic shovels are warren's: once the publishers have moved and blue's queues are empty they go, so nothing keeps a link to blue but federation.",
		Action: &Action{Commands: [][]string{{"DELETE", "/api/parameters/shovel/{vhost}/" + model.ShovelPrefix + "{queue} (green)"}}, Run: removeShovels(cfg)},
		Check:  noneLeft(cfg, "shovel", model.ShovelPrefix)}
}

func removeShovels(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		return removeParams(ctx, env, cfg, "shovel", model.ShovelPrefix)
	}
}

// removeParams deletes every runtime parameter of component on green whose
// name starts with prefix: warren's own, whatever run declared them.
func removeParams(ctx context.Context, env Env, cfg BlueGreenConfig, component, prefix string) (string, error) {
	if cfg.Green == nil {
		return "", errNoGreen
	}
	list, err := cfg.Green.Parameters(ctx, component)
	if err != nil {
		return "", err
	}
	var out strings.Builder
	for _, p := range list {
		if !strings.HasPrefix(p.Name, prefix) {
			continue
		}
		err := cfg.Green.DeleteParameter(ctx, component, p.VHost, p.Name)
		logCall(env, []string{"DELETE", "/api/parameters/" + component + "/" + p.VHost + "/" + p.Name}, err)
		if err != nil {
			return out.String(), err
		}
		fmt.Fprintf(&out, "removed %s %s in vhost %s\n", component, p.Name, p.VHost)
	}
	return out.String(), nil
}

func noneLeft(cfg BlueGreenConfig, component, prefix string) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		if cfg.Green == nil {
			return failResult(env, errNoGreen.Error())
		}
		list, err := cfg.Green.Parameters(ctx, component)
		if err != nil {
			return failResult(env, "cannot read green's "+component+" parameters", err.Error())
		}
		var v verdict
		for _, p := range list {
			if strings.HasPrefix(p.Name, prefix) {
				v.fail("%s %s still in vhost %s", component, p.Name, p.VHost)
			}
		}
		return v.result(env, "no "+component+" of warren's left on green", "warren's "+component+"s remain", "")
	}
}
