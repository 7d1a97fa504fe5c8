package main

import (
	"encoding/json"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/warren-sre/warren/"

// The arrows that must never exist (docs/architecture.md). Imports point
// one way: model ← broker/executor/lab ← steps ← checklist ← engine ←
// cockpit → ui ← cli. A rule names a package (and its subpackages) and
// what it must never import directly, or (deps) anywhere below it; allow
// lifts a prefix back out of imports.
var forbidden = []struct {
	pkg     string
	imports []string // direct imports, by prefix
	deps    []string // transitive dependencies, by prefix
	allow   []string // direct imports allowed despite imports
}{
	// The domain knows no screen and does no IO.
	{"model", []string{module}, []string{"charm.land/", "github.com/charmbracelet/", "net", "os/exec", "github.com/rabbitmq/", "github.com/michaelklishin/"}, nil},
	// The languages are catalogs and lookups: no screen, no IO, no warren.
	{"i18n", []string{module}, []string{"charm.land/", "github.com/charmbracelet/", "net/http", "crypto/tls", "os/exec", "github.com/rabbitmq/", "github.com/michaelklishin/"}, nil},
	// Talking to RabbitMQ, running commands and running labs know no screen
	// and no runbook.
	{"broker", []string{module + "ui", module + "cockpit", module + "cli", module + "checklist", module + "steps", module + "lab", module + "engine"}, charm(), nil},
	{"executor", []string{module + "ui", module + "cockpit", module + "cli", module + "checklist", module + "steps", module + "broker", module + "engine"}, charm(), nil},
	{"lab", []string{module + "ui", module + "cockpit", module + "cli", module + "checklist", module + "steps", module + "broker", module + "engine"}, charm(), nil},
	// The runbook and the run know no screen, and nothing of the live engine.
	{"steps", []string{module + "ui", module + "cockpit", module + "cli", module + "checklist", module + "engine"}, charm(), nil},
	{"checklist", []string{module + "ui", module + "cockpit", module + "cli", module + "engine"}, charm(), nil},
	{"confmig", []string{module + "ui", module + "cockpit", module + "cli"}, charm(), nil},
	// The live engine knows no screen and no front end.
	{"engine", []string{module + "ui", module + "cockpit", module + "cli", module + "targets", module + "lab"}, charm(), nil},
	// Its events are values: the screen may import them without reaching
	// the network or commands through them.
	{"engine/event", []string{module + "broker", module + "executor", module + "lab", module + "targets", module + "ui", module + "cockpit", module + "cli"}, charm(), nil},
	// The cockpit adapts and decides nothing: it never reaches the cluster
	// or commands but through the engine.
	{"cockpit", []string{module + "broker", module + "executor", module + "lab", module + "targets", module + "steps", module + "cli"}, nil, nil},
	// The screen reaches the cluster and commands only through the run:
	// ui.Runbook, which the engine implements behind the cockpit.
	{"ui", []string{module + "broker", module + "executor", module + "lab", module + "cockpit", module + "cli", module + "targets", module + "engine",
		"net/http", "os/exec", "github.com/rabbitmq/", "github.com/michaelklishin/"}, nil, []string{module + "engine/event", module + "ui"}},
}

func charm() []string { return []string{"charm.land/", "github.com/charmbracelet/"} }

type listedPackage struct {
	ImportPath string
	Imports    []string
	Deps       []string
}

func TestImportArrows(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps=false", "-json", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(strings.NewReader(string(out)))
	checked := map[string]bool{}
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		rel := strings.TrimPrefix(p.ImportPath, module)
		for _, rule := range forbidden {
			if rel != rule.pkg && !strings.HasPrefix(rel, rule.pkg+"/") {
				continue
			}
			checked[rule.pkg] = true
			for _, imp := range p.Imports {
				if hasAnyPrefix(imp, rule.imports) && !hasAnyPrefix(imp, rule.allow) {
					t.Errorf("%s imports %s: that arrow must never exist", rel, imp)
				}
			}
			for _, dep := range p.Deps {
				if hasAnyPrefix(dep, rule.deps) && !strings.HasPrefix(dep, "net/netip") {
					t.Errorf("%s depends on %s: that arrow must never exist", rel, dep)
				}
			}
		}
	}
	for _, rule := range forbidden {
		if !checked[rule.pkg] {
			t.Errorf("rule for %s matched no package: the layout changed, update the rules and docs/architecture.md", rule.pkg)
		}
	}
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if s == strings.TrimSuffix(p, "/") || strings.HasPrefix(s, p) || (strings.HasSuffix(p, "net") && strings.HasPrefix(s, p+"/")) {
			return true
		}
	}
	return false
}
