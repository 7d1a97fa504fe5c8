package i18n

import (
	"regexp"
	"slices"
	"testing"
	"unicode"
)

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)`)

// Every id exists in both languages with the same template fields, and no
// English text carries Chinese (so without --lang zh none appears).
func TestCatalogsAreComplete(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
	en, zh := messageIDs(English), messageIDs(Chinese)
	if len(en) == 0 {
		t.Fatal("no English messages loaded")
	}
	for id, text := range en {
		other, ok := zh[id]
		if !ok {
			t.Errorf("%s: missing in zh", id)
			continue
		}
		if a, b := fields(text), fields(other); !slices.Equal(a, b) {
			t.Errorf("%s: template fields differ: en %v, zh %v", id, a, b)
		}
		for _, r := range text {
			if unicode.Is(unicode.Han, r) {
				t.Errorf("%s: English text has Chinese: %q", id, text)
				break
			}
		}
	}
	for id := range zh {
		if _, ok := en[id]; !ok {
			t.Errorf("%s: missing in en", id)
		}
	}
}

func fields(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestDetect(t *testing.T) {
	cases := []struct {
		name string
		flag string
		env  map[string]string
		want Lang
		bad  bool
	}{
		{name: "nothing set", want: English},
		{name: "flag zh", flag: "zh", want: Chinese},
		{name: "flag wins over locale", flag: "en", env: map[string]string{"LANG": "zh_CN.UTF-8"}, want: English},
		{name: "LANG zh", env: map[string]string{"LANG": "zh_CN.UTF-8"}, want: Chinese},
		{name: "LC_ALL before LANG", env: map[string]string{"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN.UTF-8"}, want: English},
		{name: "LC_MESSAGES before LANG", env: map[string]string{"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "C"}, want: Chinese},
		{name: "unknown flag", flag: "fr", want: English, bad: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Detect(c.flag, func(k string) string { return c.env[k] })
			if (err != nil) != c.bad || got != c.want {
				t.Fatalf("Detect = %v, %v; want %v (error %v)", got, err, c.want, c.bad)
			}
		})
	}
}

func TestPrinterFallsBackToTheID(t *testing.T) {
	p := For(Chinese)
	if got := p.T("lang.name"); got != "简体中文" {
		t.Fatalf("lang.name in zh = %q", got)
	}
	if got := p.T("no.such.message"); got != "no.such.message" {
		t.Fatalf("missing id = %q, want the id", got)
	}
}
