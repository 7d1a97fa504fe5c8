package i18n

import (
	"regexp"
	"sort"
	"strings"
	"sync"
)

// Localising text that was built in English elsewhere (model stays pure and
// English): the English catalog entry of a message is also its matcher.
// "Enable all stable feature flags on {{.Version}}" matches the model's
// "Enable all stable feature flags on 4.0.5", captures Version, and the
// same id in the printer's language is rendered with it. One copy of each
// sentence per language, and text no entry matches stays English.

var fieldRef = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

// matcher is one English template turned into an anchored pattern.
type matcher struct {
	id       string
	re       *regexp.Regexp
	literals int // characters outside placeholders: the more, the more specific
}

var (
	matchersMu sync.Mutex
	matchers   = map[string][]matcher{}
)

// matchersFor compiles, once per prefix, the English entries whose id
// starts with prefix, most specific first.
func matchersFor(prefix string) []matcher {
	matchersMu.Lock()
	defer matchersMu.Unlock()
	if ms, ok := matchers[prefix]; ok {
		return ms
	}
	var ms []matcher
	for id, text := range messageIDs(English) {
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		if m, ok := compileTemplate(id, text); ok {
			ms = append(ms, m)
		}
	}
	sort.Slice(ms, func(i, j int) bool {
		if ms[i].literals != ms[j].literals {
			return ms[i].literals > ms[j].literals
		}
		return ms[i].id < ms[j].id
	})
	matchers[prefix] = ms
	return ms
}

// compileTemplate turns "a {{.X}} b" into ^a (?P<X>.+?) b$. Templates with
// other actions (if, range) are not matchers.
func compileTemplate(id, text string) (matcher, bool) {
	if strings.Count(text, "{{") != len(fieldRef.FindAllString(text, -1)) {
		return matcher{}, false
	}
	var b strings.Builder
	b.WriteString(`^`)
	seen := map[string]bool{}
	literals, last := 0, 0
	for _, loc := range fieldRef.FindAllStringSubmatchIndex(text, -1) {
		lit := text[last:loc[0]]
		literals += len(lit)
		b.WriteString(regexp.QuoteMeta(lit))
		name := text[loc[2]:loc[3]]
		if seen[name] {
			b.WriteString(`(?:.+?)`)
		} else {
			b.WriteString(`(?P<` + name + `>.+?)`)
		}
		seen[name] = true
		last = loc[1]
	}
	literals += len(text) - last
	b.WriteString(regexp.QuoteMeta(text[last:]) + `$`)
	re, err := regexp.Compile(b.String())
	if err != nil {
		return matcher{}, false
	}
	return matcher{id: id, re: re, literals: literals}, true
}

// Match finds the English entry under prefix that english is an instance
// of and returns it in p's language with the captured values. ok is false
// when no entry matches; the text is then english itself.
func (p *Printer) Match(prefix, english string) (text string, ok bool) {
	for _, m := range matchersFor(prefix) {
		sub := m.re.FindStringSubmatch(english)
		if sub == nil {
			continue
		}
		data := map[string]any{}
		for i, name := range m.re.SubexpNames() {
			if name != "" {
				data[name] = sub[i]
			}
		}
		return p.T(m.id, data), true
	}
	return english, false
}

// Say is Match without the flag: english when nothing matches.
func (p *Printer) Say(prefix, english string) string {
	s, _ := p.Match(prefix, english)
	return s
}
