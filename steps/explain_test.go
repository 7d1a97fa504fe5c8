package steps

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/warren-sre/warren/executor"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// everyRunbook builds the three runbooks warren can run — rolling (with
// its rollback phase) and blue-green — for a two-node cluster.
func everyRunbook(t *testing.T) []Step {
	t.Helper()
	from, err := model.ParseVersion("3.12.14")
	if err != nil {
		t.Fatal(err)
	}
	to, err := model.ParseVersion("3.13.7")
	if err != nil {
		t.Fatal(err)
	}
	nodes := []model.Node{running("rabbit@rmq1", "3.12.14"), running("rabbit@rmq2", "3.12.14")}
	install := []executor.Command{{Argv: []string{"apt-get", "install", "rabbitmq-server"}}}
	cfg := RunbookConfig{
		Prep:   PrepConfig{RunDir: t.TempDir(), Nodes: nodes},
		Compat: CompatConfig{Target: to},
		Rolling: RollingConfig{Target: to, Nodes: []NodePlan{
			{Name: "rabbit@rmq1", Package: install, Start: install}, {Name: "rabbit@rmq2", Package: install, Start: install}}},
		Rollback: RollbackConfig{From: from, Nodes: []RollbackNode{
			{Name: "rabbit@rmq2", Reinstall: install, Start: install}, {Name: "rabbit@rmq1", Reinstall: install, Start: install}}},
	}
	out := Runbook(cfg)
	return append(out, BlueGreenRunbook(BlueGreenConfig{RunDir: t.TempDir(), Target: to, GreenName: "lab:green"})...)
}

// Every step the runbooks can produce has its explanation, in full, in
// each language's own catalog (no English fallback standing in for
// Chinese).
func TestEveryStepIsExplainedInBothLanguages(t *testing.T) {
	kinds := map[string]bool{}
	for _, st := range everyRunbook(t) {
		kinds[StepKind(st.ID)] = true
	}
	if len(kinds) < 50 {
		t.Fatalf("only %d step kinds: the runbooks were not built whole", len(kinds))
	}
	for kind := range kinds {
		requireExplained(t, kind)
	}
}

// Every finding code and trigger name defined in model and steps is
// explained; the codes are read from the source, so a new one without
// its text fails here.
func TestEveryFindingAndTriggerIsExplained(t *testing.T) {
	codes := sourceStrings(t, `(?:Code\w*\s*=\s*|code\s*:?=\s*(?:model\.\w+,\s*)?)"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"`)
	for _, must := range []string{model.CodeFeatureFlagDisabled, model.CodeNodeDown, model.CodeBehaviourChange, "BG_SKIPPED", "BG_DROPPED_KEYS"} {
		if !slices.Contains(codes, must) {
			t.Fatalf("the source scan missed %s: %v", must, codes)
		}
	}
	for _, c := range codes {
		requireExplained(t, "finding."+c)
	}
	triggers := sourceStrings(t, `Trigger\w+\s*=\s*"([a-z-]+)"`)
	if len(triggers) != 7 {
		t.Fatalf("found %d trigger names, want 7: %v", len(triggers), triggers)
	}
	for _, name := range triggers {
		requireExplained(t, "trigger."+name)
	}
}

func requireExplained(t *testing.T, key string) {
	t.Helper()
	for _, lang := range i18n.Langs {
		p := i18n.For(lang)
		for _, part := range []string{"what", "risk", "fix", "source"} {
			if id := "explain." + key + "." + part; !p.Has(id) {
				t.Errorf("%s: no %s in %s (%s)", key, part, lang, id)
			}
		}
		e, ok := explain(p, key)
		if !ok || e.What == "" {
			t.Errorf("%s: explain(%s) = %+v, %v", key, lang, e, ok)
		}
		// Operators' words: 仲裁队列 names its English term where it first appears.
		text := e.What + e.Risk + e.Fix
		if i := strings.Index(text, "仲裁队列"); i >= 0 && !strings.Contains(text[i:min(len(text), i+len("仲裁队列（例如仲裁队列，quorum queue"))], "quorum queue") {
			t.Errorf("%s: 仲裁队列 without 'quorum queue' on first use: %q", key, text[i:])
		}
	}
}

// sourceStrings collects the first group of re over the non-test Go files
// of model and steps.
func sourceStrings(t *testing.T, pattern string) []string {
	t.Helper()
	re := regexp.MustCompile(pattern)
	var out []string
	for _, dir := range []string{"../model", "."} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				out = append(out, m[1])
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every step's English catalog title renders to the step's own title (so
// a Chinese title is never a stale translation), and its Chinese title
// keeps the node and version the step names.
func TestTitlesMatchTheRunbook(t *testing.T) {
	zh := i18n.For(i18n.Chinese)
	for _, st := range everyRunbook(t) {
		if _, _, ok := titleTemplate(st); !ok {
			t.Errorf("%s: no catalog title renders to %q", st.ID, st.Title)
			continue
		}
		got := Title(zh, st)
		if got == st.Title {
			t.Errorf("%s: Chinese title is the English one: %q", st.ID, got)
		}
		d := titleData(st)
		for _, k := range []string{"Node", "Version"} {
			if v := d[k].(string); v != "" && strings.Contains(st.Title, v) && !strings.Contains(got, v) {
				t.Errorf("%s: Chinese title %q lost %s %q", st.ID, got, k, v)
			}
		}
		if en := Title(i18n.For(i18n.English), st); en != st.Title {
			t.Errorf("%s: English title %q, want the step's own %q", st.ID, en, st.Title)
		}
	}
}

// A title changed in code falls back to English rather than showing a
// translation of what it used to say.
func TestChangedTitleFallsBackToEnglish(t *testing.T) {
	st := Step{ID: RollingID("rabbit@a", PartStop), Title: "Stop rabbit@a gently"}
	if got := Title(i18n.For(i18n.Chinese), st); got != st.Title {
		t.Fatalf("Title = %q, want the English %q", got, st.Title)
	}
}

func TestStepKind(t *testing.T) {
	for id, want := range map[string]string{
		"rolling/rabbit@a/safe-to-stop": "rolling.safe-to-stop",
		"rollback/rabbit@a/restore":     "rollback.restore",
		RollbackWhere:                   "rollback.where-we-are",
		PostEnableFlags:                 "post.enable-feature-flags",
		"prep.backup.rabbit@a":          "prep.backup",
		"compat.erlang":                 "compat.erlang",
		BGShovel:                        "bg.migrate.shovel",
	} {
		if got := StepKind(id); got != want {
			t.Errorf("StepKind(%q) = %q, want %q", id, got, want)
		}
	}
}

func TestPhaseTitles(t *testing.T) {
	zh := i18n.For(i18n.Chinese)
	for _, ph := range Phases {
		if got := PhaseTitle(zh, ph); got == string(ph) {
			t.Errorf("phase %q has no Chinese name", ph)
		}
		if got := PhaseTitle(i18n.For(i18n.English), ph); got != string(ph) {
			t.Errorf("phase %q in English = %q", ph, got)
		}
	}
}
