package cli

import (
	"bytes"
	"github.com/warren-sre/warren/goldentest"
	"strings"
	"testing"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// runInProcess runs the whole command line in-process with env as the
// environment, and puts the process language back to English afterwards.
func runInProcess(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Cleanup(func() { i18n.SetDefault(i18n.English) })
	var out, errOut bytes.Buffer
	code = run(args, func(k string) string { return env[k] }, &out, &errOut)
	return out.String(), errOut.String(), code
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// The acceptance: --lang zh and a zh_CN locale both print the plan
// in Chinese; without either (or with --lang en over a Chinese locale), not
// one Chinese character appears, in help and errors either.
func TestPlanLanguageSelection(t *testing.T) {
	plan := []string{"plan", "--from", "3.10.8", "--to", "3.11.28"}
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		chinese bool
	}{
		{"default", nil, plan, false},
		{"English locale", map[string]string{"LANG": "en_US.UTF-8"}, plan, false},
		{"--lang zh", nil, append(plan, "--lang", "zh"), true},
		{"--lang=zh before the command", nil, append([]string{"--lang=zh"}, plan...), true},
		{"LANG zh_CN", map[string]string{"LANG": "zh_CN.UTF-8"}, plan, true},
		{"LC_ALL wins over LANG", map[string]string{"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, plan, false},
		{"--lang en over a Chinese locale", map[string]string{"LANG": "zh_CN.UTF-8"}, append(plan, "--lang", "en"), false},
		{"help, default", nil, []string{"plan", "--help"}, false},
		{"help, zh", nil, []string{"plan", "--help", "--lang", "zh"}, true},
		{"root help, zh", map[string]string{"LC_MESSAGES": "zh_CN.UTF-8"}, []string{"--help"}, true},
		{"version, zh", nil, []string{"version", "--lang", "zh"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runInProcess(t, tt.env, tt.args...)
			if code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			if got := hasHan(out + errOut); got != tt.chinese {
				t.Errorf("Chinese in the output = %v, want %v:\n%s", got, tt.chinese, out)
			}
		})
	}
}

func TestErrorsSpeakTheLanguage(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		code    int
		want    string
		chinese bool
	}{
		{"unknown --lang", []string{"plan", "--lang", "fr"}, ExitError, `unknown language "fr"`, false},
		{"unknown --lang= value", []string{"--lang=klingon", "version"}, ExitError, `unknown language "klingon"`, false},
		{"missing --to, en", []string{"plan", "--from", "3.10.8"}, ExitError, "needs both --from and --to", false},
		{"missing --to, zh", []string{"plan", "--from", "3.10.8", "--lang", "zh"}, ExitError, "同时给出 --from 和 --to", true},
		{"cobra's unknown flag, en", []string{"plan", "--frm", "3"}, ExitError, "unknown flag: --frm", false},
		{"cobra's unknown flag, zh", []string{"plan", "--frm", "3", "--lang", "zh"}, ExitError, "未知参数：--frm", true},
		{"model's wrapped error, en", []string{"plan", "--from", "3.10", "--to", "4.0"}, ExitError,
			`--from: malformed RabbitMQ version "3.10": want MAJOR.MINOR.PATCH`, false},
		{"model's wrapped error, zh", []string{"plan", "--from", "3.10", "--to", "4.0", "--lang", "zh"}, ExitError,
			`--from：RabbitMQ 版本 "3.10" 格式有误`, true},
		{"required flag, zh", []string{"check", "--lang", "zh"}, ExitError, `缺少必填参数："to"`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runInProcess(t, nil, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) {
				t.Fatalf("exit %d, stderr %q; want exit %d and %q", code, errOut, tt.code, tt.want)
			}
			if got := hasHan(out + errOut); got != tt.chinese {
				t.Errorf("Chinese = %v, want %v: %s", got, tt.chinese, errOut)
			}
		})
	}
}

// Every sentence of every plan warren can make is recognised by a catalog
// entry (so it reads in Chinese), and in English nothing changes. What the
// sentences quote (feature names, config keys, sources) stays as it is.
func TestEveryPlanSentenceIsLocalised(t *testing.T) {
	zh, en := i18n.For(i18n.Chinese), i18n.For(i18n.English)
	check := func(what, s string) {
		if s == "" {
			return
		}
		got, ok := zh.Match(planPrefix, s)
		if !ok || !hasHan(got) {
			t.Errorf("%s not localised: %q", what, s)
		}
		if back := en.Say(planPrefix, s); back != s {
			t.Errorf("%s changes in English: %q → %q", what, s, back)
		}
	}
	warnings := 0
	defer func() {
		if warnings == 0 {
			t.Error("no plan with warnings was sampled")
		}
	}()
	for _, p := range samplePlans() {
		actions := append(append([]model.Action{}, p.Prepare...), p.Finish...)
		for _, h := range p.Hops {
			actions = append(append(actions, h.Before...), h.After...)
			for _, n := range h.Notes {
				check("hop note", n)
			}
			for _, c := range h.Changes {
				check("release change", c.Summary)
			}
		}
		for _, a := range actions {
			check("action title", a.Title)
			check("action why", a.Why)
		}
		for _, n := range append(p.Notes, p.Warnings...) {
			check("note or warning", n)
		}
		warnings += len(p.Warnings)
		for _, b := range p.Blockers {
			check("blocker", b.Message)
			check("remedy", b.Remedy)
		}
	}
}

// Goldens of `warren plan` in both languages (go test ./cli -update
// rewrites them).
func TestPlanGoldens(t *testing.T) {
	cases := []struct{ name, args string }{
		{"plan-3.10.8-3.11.28", "plan --from 3.10.8 --to 3.11.28"},
		{"plan-3.13.7-4.0.9-khepri", "plan --from 3.13.7 --to 4.0.9 --khepri"},
		{"plan-3.6.5-3.8.35", "plan --from 3.6.5 --erlang R16B03 --to 3.8.35"},
	}
	for _, c := range cases {
		for _, lang := range i18n.Langs {
			name := c.name + "." + string(lang)
			t.Run(name, func(t *testing.T) {
				out, _, _ := runInProcess(t, nil, append(strings.Fields(c.args), "--lang", string(lang))...)
				goldentest.Assert(t, name+".txt", out)
			})
		}
	}
}

// JSON keeps its English fields and codes in every language; localised
// fields appear beside them only when --lang was given.
func TestPlanJSONAddsLocalisedFieldsOnlyOnRequest(t *testing.T) {
	plan := []string{"plan", "--from", "3.10.8", "--to", "3.11.28", "--json"}
	english, _, _ := runInProcess(t, nil, plan...)
	tests := []struct {
		name      string
		env       map[string]string
		args      []string
		localised bool
	}{
		{"Chinese locale only", map[string]string{"LANG": "zh_CN.UTF-8"}, plan, false},
		{"--lang zh", nil, append(plan, "--lang", "zh"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, _ := runInProcess(t, tt.env, tt.args...)
			if !tt.localised {
				if out != english {
					t.Errorf("JSON changed with the locale:\n%s", out)
				}
				return
			}
			if !strings.Contains(out, `"title_localized": "在 3.10.8 上启用所有稳定的 feature flag"`) || !strings.Contains(out, `"lang": "zh"`) {
				t.Errorf("no localised fields:\n%s", out)
			}
			if !strings.Contains(out, `"title": "Enable all stable feature flags on 3.10.8"`) {
				t.Errorf("English title lost:\n%s", out)
			}
		})
	}
}

// Every command's description and every flag reads in Chinese under zh
// (a help text changed without its catalog entry fails here), and nothing
// of the English tree carries Chinese.
func TestEveryHelpTextIsLocalised(t *testing.T) {
	t.Cleanup(func() { i18n.SetDefault(i18n.English) })
	for _, lang := range i18n.Langs {
		i18n.SetDefault(lang)
		var walk func(c *cobra.Command)
		walk = func(c *cobra.Command) {
			texts := map[string]string{c.CommandPath() + " short": c.Short}
			if lang == i18n.English || !strings.HasPrefix(c.CommandPath(), "warren completion ") {
				texts[c.CommandPath()+" long"] = c.Long // cobra's own per-shell pages stay English
			}
			for _, fs := range []*pflag.FlagSet{c.Flags(), c.PersistentFlags()} {
				fs.VisitAll(func(f *pflag.Flag) { texts[c.CommandPath()+" --"+f.Name] = f.Usage })
			}
			for what, text := range texts {
				if text != "" && hasHan(text) != (lang == i18n.Chinese) {
					t.Errorf("%s, %s: %q", lang, what, text)
				}
			}
			for _, sub := range c.Commands() {
				walk(sub)
			}
		}
		walk(newRootCmd())
	}
}

// The language is read from argv before cobra parses it (help texts are
// built first), in both flag forms and never past "--".
func TestLangFromArgs(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"plan", "--lang", "zh"}, "zh"},
		{[]string{"--lang=en", "plan"}, "en"},
		{[]string{"plan", "--lang"}, ""},
		{[]string{"upgrade", "--", "--lang", "zh"}, ""},
		{[]string{"plan", "--language", "zh"}, ""},
	}
	for _, tt := range tests {
		if got := langFromArgs(tt.args); got != tt.want {
			t.Errorf("langFromArgs(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}
