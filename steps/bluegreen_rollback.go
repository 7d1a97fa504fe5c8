package steps

import (
	"context"
	"fmt"
	"strings"

	"github.com/warren-sre/warren/model"
)

// Blue-green rollback step ids.
const (
	BGBackPublishers = "bg.rollback.publishers-back"
	BGBackConsumers  = "bg.rollback.consumers-back"
	BGBackShovel     = "bg.rollback.shovel-back"
	BGBackCleanup    = "bg.rollback.cleanup"
)

// BGShovelsBackFile records the shovels of the way back.
const BGShovelsBackFile = "bluegreen-shovels-back.json"

// bgRollbackSteps: blue was never changed, so going back is moving clients
// and messages back, as long as blue runs. Before the publishers moved
// the first gate passes at once; after, they must move back first, or
// green keeps receiving what the shovels take away.
func bgRollbackSteps(cfg BlueGreenConfig) []Step {
	pubs := Step{ID: BGBackPublishers, Phase: Rollback, Gate: true, Title: "Publishers back on blue",
		Why: "Blue was never changed and still runs: it is the way back. Point publishers at blue first (if they had moved); " +
			"this gate passes when no client connection but warren's is left on green.",
		Check: noClientsOn(cfg, false)}
	cons := Step{ID: BGBackConsumers, Phase: Rollback, Gate: true, Title: "Consumers back on blue",
		Why:   "Point consumers at blue; this gate passes when no client consumes from green's migrated queues.",
		Check: noClientsOn(cfg, true)}
	back := direction{from: "green", to: "blue", file: BGShovelsBackFile,
		uris: func(vhost string) ([]string, []string, error) {
			dest, err := cfg.BlueAccess.URIs(vhost)
			return []string{localURIFor(vhost)}, dest, err
		},
		source: func(c BlueGreenConfig) MigrationCluster { return c.Green },
		dest:   func(c BlueGreenConfig) MigrationCluster { return c.Blue }}
	shovel := Step{ID: BGBackShovel, Phase: Rollback, Title: "Shovel green's messages back to blue",
		Why: "Warren's forward shovels and the federation go first (they would move the messages straight back), then one shovel " +
			"per queue, on green, moves green's messages to blue; the step waits until green's migrated queues are empty.",
		Action: &Action{Commands: [][]string{{"DELETE", "warren's shovels and federation (green)"},
			{"PUT", "/api/parameters/shovel/{vhost}/" + model.ShovelPrefix + "{queue} (green → blue)"}},
			Run: func(ctx context.Context, env Env) (string, error) {
				out, err := removeShovels(cfg)(ctx, env)
				if err != nil {
					return out, err
				}
				fed, err := removeFederation(cfg)(ctx, env)
				if err != nil {
					return out + fed, err
				}
				started, err := startShovels(cfg, back)(ctx, env)
				return out + fed + started, err
			}},
		Check: emptied(cfg, back)}
	cleanup := Step{ID: BGBackCleanup, Phase: Rollback, Title: "Remove the shovels of the way back",
		Why:    "Once green is empty, nothing of warren's is left on green; green can be rebuilt for the next attempt.",
		Action: &Action{Commands: [][]string{{"DELETE", "/api/parameters/shovel/{vhost}/" + model.ShovelPrefix + "{queue} (green)"}}, Run: removeShovels(cfg)},
		Check:  noneLeft(cfg, "shovel", model.ShovelPrefix)}
	return []Step{pubs, cons, shovel, cleanup}
}

// noClientsOn waits until green has no client connection (consumersOnly:
// no client consumer on a migrated queue) but warren's own.
func noClientsOn(cfg BlueGreenConfig, consumersOnly bool) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		if cfg.Green == nil {
			return failResult(env, errNoGreen.Error())
		}
		var v verdict
		if consumersOnly {
			list, err := cfg.Green.Consumers(ctx)
			if err != nil {
				return failResult(env, "cannot read green's consumers", err.Error())
			}
			clients, _ := countConsumers(list)
			for _, key := range sortedKeys(clients) {
				v.wait("%s: %d client consumer(s) on green", key, clients[key])
			}
			return v.result(env, "no client consumes from green", "", "consumers still on green: point them at blue")
		}
		s := cfg.Green.Connections(ctx)
		if s.Err != "" {
			return failResult(env, "cannot read green's connections", s.Err)
		}
		for _, c := range s.Value {
			if !model.IsMigrationConnection(c.ProvidedName) && !strings.HasPrefix(c.ProvidedName, "Shovel ") {
				v.wait("on green: %s (user %s, %s)", c.Name, c.User, fmt.Sprint(c.ProvidedName))
			}
		}
		return v.result(env, "no client connection on green", "", "clients still connected to green: point them at blue")
	}
}
