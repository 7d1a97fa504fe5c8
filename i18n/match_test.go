package i18n

import "testing"

// An English catalog entry recognises the sentence it describes and renders
// the same id in the printer's language with the captured values.
func TestCompileTemplate(t *testing.T) {
	cases := []struct {
		name, tmpl, text string
		match            bool
		want             map[string]string
	}{
		{name: "literal", tmpl: "Rebalance queue leaders", text: "Rebalance queue leaders", match: true, want: map[string]string{}},
		{name: "literal differs", tmpl: "Rebalance queue leaders", text: "Rebalance queue leaders now", match: false},
		{name: "one field", tmpl: "Enable flags on {{.Version}}", text: "Enable flags on 4.0.5", match: true, want: map[string]string{"Version": "4.0.5"}},
		{name: "regexp characters are literal", tmpl: "a (b) {{.X}}.*", text: "a (b) 1.*", match: true, want: map[string]string{"X": "1"}},
		{name: "regexp characters do not match others", tmpl: "a (b) {{.X}}.*", text: "a (b) 1xx", match: false},
		{name: "two fields", tmpl: "{{.A}} → {{.B}}: done", text: "3.13.7 → 4.0.9: done", match: true, want: map[string]string{"A": "3.13.7", "B": "4.0.9"}},
		{name: "anchored", tmpl: "on {{.V}}", text: "go on 4.0", match: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, ok := compileTemplate("x", c.tmpl)
			if !ok {
				t.Fatalf("%q did not compile", c.tmpl)
			}
			sub := m.re.FindStringSubmatch(c.text)
			if (sub != nil) != c.match {
				t.Fatalf("%q on %q: match %v, want %v", c.tmpl, c.text, sub != nil, c.match)
			}
			if sub == nil {
				return
			}
			for i, name := range m.re.SubexpNames() {
				if name != "" && sub[i] != c.want[name] {
					t.Errorf("%s = %q, want %q", name, sub[i], c.want[name])
				}
			}
		})
	}
	if _, ok := compileTemplate("x", "{{if .A}}a{{end}}"); ok {
		t.Error("a template with actions became a matcher")
	}
}

func TestMatchRendersThePrintersLanguage(t *testing.T) {
	const english = "Enable all stable feature flags on 3.10.25"
	if got, ok := For(Chinese).Match("plan.say.", english); !ok || got != "在 3.10.25 上启用所有稳定的 feature flag" {
		t.Errorf("zh: %q, %v", got, ok)
	}
	if got, ok := For(English).Match("plan.say.", english); !ok || got != english {
		t.Errorf("en: %q, %v (English must render back to itself)", got, ok)
	}
	if got, ok := For(Chinese).Match("plan.say.", "something no catalog says"); ok || got != "something no catalog says" {
		t.Errorf("unmatched: %q, %v (want the English, not ok)", got, ok)
	}
}
