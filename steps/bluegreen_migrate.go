package steps

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/warren-sre/warren/model"
)

// Blue-green migration step ids.
const (
	BGImport         = "bg.migrate.import"
	BGFederate       = "bg.migrate.federate"
	BGMoveConsumers  = "bg.migrate.move-consumers"
	BGShovel         = "bg.migrate.shovel"
	BGUnshovel       = "bg.migrate.remove-shovels"
	BGMovePublishers = "bg.migrate.move-publishers"
	BGFinalDrain     = "bg.migrate.final-drain"
)

func bgMigrationSteps(cfg BlueGreenConfig) []Step {
	imp := Step{ID: BGImport, Phase: Migration, Gate: true, Title: "Import blue's definitions into green, verified object by object",
		Why: "The transformed definitions are imported once (an import is not atomic: a refusal part-way leaves what came before it), " +
			"then every user, vhost, permission, policy, queue, exchange and binding is looked up on green and compared.",
		Commands: [][]string{{"POST", "/api/definitions", BGGreenDefsFile}},
		Action:   &Action{Commands: [][]string{{"POST", "/api/definitions (green)", BGGreenDefsFile}}, Run: importIntoGreen(cfg)},
		Check:    importedOnGreen(cfg)}
	fed := Step{ID: BGFederate, Phase: Migration, Title: "Federate blue's queues into green",
		Why: "An upstream on green pointing at blue, and one policy per migrated queue (its own policy's keys kept): consumers that move " +
			"to green keep receiving what is still published to, or waiting on, blue.",
		Action: &Action{Commands: [][]string{{"PUT", "/api/parameters/federation-upstream/{vhost}/" + model.FederationUpstream},
			{"PUT", "/api/policies/{vhost}/" + model.FederationPolicyPrefix + "{queue}"}}, Run: federate(cfg)},
		Check: federated(cfg)}
	consumers := Step{ID: BGMoveConsumers, Phase: Migration, Gate: true, Title: "Move consumers to green",
		Why: "Point consumers at green now. This gate passes when no consumer is left on blue's migrated queues but warren's own " +
			"(federation links, shovels, canary); per queue it shows consumers on blue and on green.",
		Check: consumersMoved(cfg)}
	// The shovels keep running until the publishers have moved: what a
	// publisher sends to blue meanwhile is drained too, consumed on green
	// or not (federation only moves messages green's consumers ask for).
	return []Step{imp, fed, consumers, shovelStep(cfg), publishersStep(cfg), finalDrainStep(cfg), unshovelStep(cfg)}
}

// migratedQueues are the queues of the definitions imported into green
// (the transformed ones), or of the transform when the import has not run.
func migratedQueues(ctx context.Context, cfg BlueGreenConfig) ([]model.MigratedQueue, error) {
	if data, err := os.ReadFile(filepath.Join(cfg.RunDir, BGGreenDefsFile)); err == nil {
		d, err := model.ParseDefinitions(data)
		if err != nil {
			return nil, err
		}
		return d.MigratedQueues(), nil
	}
	d, _, _, err := transformedBackup(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return d.MigratedQueues(), nil
}

func importIntoGreen(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		want, changes, gv, err := transformedBackup(ctx, cfg)
		if err != nil {
			return "", err
		}
		data, err := want.Marshal()
		if err != nil {
			return "", err
		}
		if err := writePrivate(filepath.Join(cfg.RunDir, BGGreenDefsFile), data); err != nil {
			return "", err
		}
		err = cfg.Green.ImportDefinitions(ctx, data)
		logCall(env, []string{"POST", "/api/definitions", BGGreenDefsFile}, err)
		if err != nil {
			return "", fmt.Errorf("green (%s) refused the import: %w; what came before the refused object may be on green now", gv, err)
		}
		var out strings.Builder
		fmt.Fprintf(&out, "imported %s into green (%s) once; the transform changed %d object(s):\n", BGGreenDefsFile, gv, len(changes))
		for _, c := range changes {
			fmt.Fprintf(&out, "  %s\n", c)
		}
		return out.String(), nil
	}
}

func importedOnGreen(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		data, err := os.ReadFile(filepath.Join(cfg.RunDir, BGGreenDefsFile))
		if err != nil {
			return failResult(env, "nothing imported yet", err.Error())
		}
		want, err := model.ParseDefinitions(data)
		if err != nil {
			return failResult(env, "the imported file does not read back", err.Error())
		}
		green, err := greenDefinitions(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot read green's definitions", err.Error())
		}
		problems, agreed := model.VerifyImported(want, green)
		if len(problems) > 0 {
			r := failResult(env, fmt.Sprintf("%d object(s) not on green as blue had them", len(problems)), problems...)
			r.Remedy = "read the importer's answer in this step's output; fix green and --retry " + BGImport
			return r
		}
		ev := []string{"imported and verified: " + strings.Join(want.KindCounts(), ", ")}
		for _, q := range want.MigratedQueues() {
			ev = append(ev, fmt.Sprintf("queue %s (%s) to move", q.Key(), q.Type))
		}
		return Result{Verdict: Pass, At: env.now(), Summary: fmt.Sprintf("%d objects on green exactly as blue had them (after the transform)", agreed),
			Evidence: ev}
	}
}

func byVHost(qs []model.MigratedQueue) map[string][]model.MigratedQueue {
	out := map[string][]model.MigratedQueue{}
	for _, q := range qs {
		out[q.VHost] = append(out[q.VHost], q)
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func federate(cfg BlueGreenConfig) func(context.Context, Env) (string, error) {
	return func(ctx context.Context, env Env) (string, error) {
		qs, err := migratedQueues(ctx, cfg)
		if err != nil {
			return "", err
		}
		effective, err := effectivePolicies(ctx, cfg.Green, qs)
		if err != nil {
			return "", err
		}
		var out strings.Builder
		groups := byVHost(qs)
		for _, vhost := range sortedKeys(groups) {
			if err := putUpstream(ctx, env, cfg, vhost); err != nil {
				return out.String(), err
			}
			for _, q := range groups[vhost] {
				p := federationPolicy(q, effective[q.Key()])
				err := cfg.Green.PutPolicy(ctx, p)
				logCall(env, []string{"PUT", "/api/policies/" + vhost + "/" + p.Name}, err)
				if err != nil {
					return out.String(), fmt.Errorf("policy %s: %w", p.Name, err)
				}
				fmt.Fprintf(&out, "%s federated from blue (policy %s, priority %d, keeping %s)\n", q.Key(), p.Name, p.Priority, cmp.Or(effective[q.Key()].Name, "no policy"))
			}
		}
		if cfg.CanaryVHost != "" {
			if err := federateCanary(ctx, env, cfg, groups); err != nil {
				return out.String(), err
			}
			fmt.Fprintf(&out, "warren's canary queues in vhost %s federated from blue (policy %s)\n", cfg.CanaryVHost, model.CanaryFederationPolicy(cfg.CanaryVHost).Name)
		}
		return out.String(), nil
	}
}

// federateCanary lets the canary consume on green what it publishes on
// blue: the upstream in its vhost (unless a migrated queue's put it
// there) and a policy for warren's canary queues.
func federateCanary(ctx context.Context, env Env, cfg BlueGreenConfig, groups map[string][]model.MigratedQueue) error {
	if _, done := groups[cfg.CanaryVHost]; !done {
		if err := putUpstream(ctx, env, cfg, cfg.CanaryVHost); err != nil {
			return err
		}
	}
	p := model.CanaryFederationPolicy(cfg.CanaryVHost)
	err := cfg.Green.PutPolicy(ctx, p)
	logCall(env, []string{"PUT", "/api/policies/" + p.VHost + "/" + p.Name}, err)
	if err != nil {
		return fmt.Errorf("policy %s: %w", p.Name, err)
	}
	return nil
}

func putUpstream(ctx context.Context, env Env, cfg BlueGreenConfig, vhost string) error {
	uris, err := cfg.BlueAccess.URIs(vhost)
	if err != nil {
		return err
	}
	value := map[string]any{"uri": uris, "ack-mode": "on-confirm", "trust-user-id": false}
	err = cfg.Green.PutParameter(ctx, "federation-upstream", vhost, model.FederationUpstream, value)
	logCall(env, []string{"PUT", "/api/parameters/federation-upstream/" + vhost + "/" + model.FederationUpstream}, err)
	if err != nil {
		return fmt.Errorf("federation upstream in vhost %s: %w", vhost, err)
	}
	return nil
}

// effectivePolicies maps each migrated queue to the policy that applies
// to it on green, computed from green's policies (the queue listing's own
// "policy" column lags by a statistics interval after an import), so
// federating it keeps that policy's keys: only one policy applies to a
// queue, and the federation one must win.
func effectivePolicies(ctx context.Context, green MigrationCluster, qs []model.MigratedQueue) (map[string]model.Policy, error) {
	if green == nil {
		return nil, errNoGreen
	}
	policies, err := green.Policies(ctx)
	if err != nil {
		return nil, fmt.Errorf("green's policies: %w", err)
	}
	out := map[string]model.Policy{}
	for _, q := range qs {
		if p, ok := model.EffectivePolicy(policies, q.VHost, q.Name, q.Type); ok {
			out[q.Key()] = p
		}
	}
	return out, nil
}

// federationPolicy federates one queue, on top of the policy it has.
func federationPolicy(q model.MigratedQueue, own model.Policy) model.Policy {
	def := map[string]any{}
	for k, v := range own.Definition {
		def[k] = v
	}
	def["federation-upstream"] = model.FederationUpstream
	return model.Policy{Name: model.FederationPolicyName(q), VHost: q.VHost, Pattern: model.ExactPattern(q.Name),
		ApplyTo: "queues", Priority: own.Priority + 1, Definition: def}
}

func federated(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		qs, err := migratedQueues(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot list the migrated queues", err.Error())
		}
		green, err := loadByKey(ctx, cfg.Green)
		if err != nil {
			return failResult(env, "cannot read green's queues", err.Error())
		}
		var v verdict
		for _, q := range qs {
			switch g, ok := green[q.Key()]; {
			case !ok:
				v.fail("%s is not on green", q.Key())
			case g.Policy != model.FederationPolicyName(q):
				// The listing shows a new policy one statistics interval late.
				v.wait("%s on green has policy %q, not yet %s", q.Key(), g.Policy, model.FederationPolicyName(q))
			default:
				v.ok("%s on green federates from blue (policy %s)", q.Key(), g.Policy)
			}
		}
		return v.result(env, fmt.Sprintf("%d queues federated from blue", len(qs)), "queues not federated", "waiting for green to apply the federation policies")
	}
}

func loadByKey(ctx context.Context, c MigrationCluster) (map[string]model.Queue, error) {
	if c == nil {
		return nil, errNoGreen
	}
	qs, err := c.QueueLoad(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]model.Queue{}
	for _, q := range qs {
		out[q.Key()] = q
	}
	return out, nil
}

func consumersMoved(cfg BlueGreenConfig) func(context.Context, Env) Result {
	return func(ctx context.Context, env Env) Result {
		qs, err := migratedQueues(ctx, cfg)
		if err != nil {
			return failResult(env, "cannot list the migrated queues", err.Error())
		}
		if cfg.Blue == nil {
			return failResult(env, "no connection to blue")
		}
		blue, err := cfg.Blue.Consumers(ctx)
		if err != nil {
			return failResult(env, "cannot read blue's consumers", err.Error())
		}
		green, err := loadByKey(ctx, cfg.Green)
		if err != nil {
			return failResult(env, "cannot read green's queues", err.Error())
		}
		clients, own := countConsumers(blue)
		var v verdict
		for _, q := range qs {
			line := fmt.Sprintf("%s: blue %d client consumer(s) (+%d warren's), green %d", q.Key(), clients[q.Key()], own[q.Key()], green[q.Key()].Consumers)
			if clients[q.Key()] > 0 {
				v.wait("%s", line)
			} else {
				v.ok("%s", line)
			}
		}
		return v.result(env, "no client consumes from blue's migrated queues", "", "consumers still on blue: point them at green")
	}
}

// countConsumers splits blue's consumers per queue into clients' and
// warren's own.
func countConsumers(list []model.Consumer) (clients, own map[string]int) {
	clients, own = map[string]int{}, map[string]int{}
	for _, c := range list {
		key := c.VHost + "/" + c.Queue
		if model.IsMigrationConnection(c.ConnectionName) {
			own[key]++
		} else {
			clients[key]++
		}
	}
	return clients, own
}

func publishersStep(cfg BlueGreenConfig) Step {
	return Step{ID: BGMovePublishers, Phase: Migration, Gate: true, Title: "Move publishers to green",
		Why: "Point publishers at green now. This gate passes when no client connection is left on blue but warren's own; " +
			"anything still published to blue meanwhile reaches green's consumers through federation.",
		Check: func(ctx context.Context, env Env) Result {
			if cfg.Blue == nil {
				return failResult(env, "no connection to blue")
			}
			s := cfg.Blue.Connections(ctx)
			if s.Err != "" {
				return failResult(env, "cannot read blue's connections", s.Err)
			}
			var v verdict
			own := 0
			for _, c := range s.Value {
				if model.IsMigrationConnection(c.ProvidedName) {
					own++
					continue
				}
				v.wait("on blue: %s (user %s, vhost %s, %s)", c.Name, c.User, c.VHost, cmp.Or(c.ProvidedName, "no client-provided name"))
			}
			v.ok("%d of warren's own connections on blue (federation links, canary)", own)
			return v.result(env, "no client connection left on blue", "", "clients still connected to blue: point them at green")
		}}
}

// finalDrainStep waits, once no publisher is left on blue, until the
// shovels have moved what the publishers sent to blue since the drain.
func finalDrainStep(cfg BlueGreenConfig) Step {
	return Step{ID: BGFinalDrain, Phase: Migration, Title: "Blue empty after the publishers moved",
		Why: "Publishers kept sending to blue until they moved; the shovels still run, and this waits until every migrated queue " +
			"on blue is empty again before they are removed.",
		Check: emptied(cfg, forward(cfg))}
}
