package steps

import (
	"strings"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// Explanation is what an operator reads about a step, gate, finding or
// trigger at the moment it matters: what it does and why, what can go
// wrong here and how that shows, what to do when it fails, and where the
// facts come from. The screen and the report read the same lookup.
type Explanation struct {
	Key    string // the catalog key: step kind, finding code or trigger name
	What   string
	Risk   string
	Fix    string
	Source string
}

// StepKind is the stable part of a step id: the node a rolling, rollback
// or backup step is for is dropped, so every node's "stop" shares one
// text. Ids without a node are their own kind.
func StepKind(id string) string {
	for _, prefix := range []string{"rolling/", "rollback/", "post/"} {
		if strings.HasPrefix(id, prefix) {
			parts := strings.Split(id, "/")
			return parts[0] + "." + parts[len(parts)-1]
		}
	}
	if strings.HasPrefix(id, "prep.backup.") {
		return "prep.backup"
	}
	return id
}

// stepNode is the node a step id names, or "".
func stepNode(id string) string {
	switch {
	case strings.HasPrefix(id, "prep.backup."):
		return strings.TrimPrefix(id, "prep.backup.")
	case strings.HasPrefix(id, "rolling/"), strings.HasPrefix(id, "rollback/"):
		if parts := strings.Split(id, "/"); len(parts) == 3 {
			return parts[1]
		}
	}
	return ""
}

// Explain is the explanation of the step with this id in p's language
// (English where p's language lacks it); ok is false when warren has none.
func Explain(p *i18n.Printer, id string) (Explanation, bool) {
	return explain(p, StepKind(id))
}

// ExplainFinding explains a finding code (e.g. FEATURE_FLAG_DISABLED).
func ExplainFinding(p *i18n.Printer, code string) (Explanation, bool) {
	return explain(p, "finding."+code)
}

// ExplainTrigger explains a rollback trigger (e.g. node-not-back).
func ExplainTrigger(p *i18n.Printer, name string) (Explanation, bool) {
	return explain(p, "trigger."+name)
}

func explain(p *i18n.Printer, key string) (Explanation, bool) {
	if p == nil {
		p = i18n.Default()
	}
	base := "explain." + key
	if !p.Has(base+".what") && !i18n.For(i18n.English).Has(base+".what") {
		return Explanation{}, false
	}
	return Explanation{Key: key, What: p.T(base + ".what"), Risk: p.T(base + ".risk"),
		Fix: p.T(base + ".fix"), Source: p.T(base + ".source")}, true
}

// Title is the step's title in p's language. English is the step's own
// title. Another language's title is a catalog template filled with the
// node, version and names read from the step; it is used only when the
// English template filled the same way gives back the step's own title
// exactly, so a title changed in code never shows a stale translation: it
// shows in English until its catalog entry follows.
func Title(p *i18n.Printer, st Step) string {
	if p == nil {
		p = i18n.Default()
	}
	if p.Lang() == i18n.English {
		return st.Title
	}
	if id, data, ok := titleTemplate(st); ok {
		return p.T(id, data)
	}
	return st.Title
}

// titleTemplate finds the catalog title whose English rendering is the
// step's title. A kind may have a second wording (".alt"), e.g. the
// definitions backup in a blue-green run names blue.
func titleTemplate(st Step) (string, map[string]any, bool) {
	en := i18n.For(i18n.English)
	data := titleData(st)
	base := "step." + StepKind(st.ID) + ".title"
	for _, id := range []string{base, base + ".alt"} {
		if en.Has(id) && en.T(id, data) == st.Title {
			return id, data, true
		}
	}
	return "", nil, false
}

// titleData is what step titles carry besides words: the node (from the
// id), a version, a parenthesised detail (the baseline's window) and the
// green cluster's name.
func titleData(st Step) map[string]any {
	d := map[string]any{"Node": stepNode(st.ID), "Version": "", "Detail": "", "Green": ""}
	for _, w := range strings.Fields(st.Title) {
		w = strings.TrimRight(w, ".,:;)")
		if _, err := model.ParseVersion(w); err == nil && strings.Count(w, ".") >= 1 {
			d["Version"] = w
			break
		}
	}
	if i, j := strings.LastIndex(st.Title, "("), strings.LastIndex(st.Title, ")"); i >= 0 && j > i {
		d["Detail"] = st.Title[i+1 : j]
	}
	if _, green, ok := strings.Cut(st.Title, "blue and "); ok {
		d["Green"] = green
	}
	return d
}

// PhaseTitle is a phase's name in p's language.
func PhaseTitle(p *i18n.Printer, ph Phase) string {
	if p == nil {
		p = i18n.Default()
	}
	id := "phase." + strings.ToLower(strings.NewReplacer(" ", "-").Replace(string(ph)))
	if s := p.T(id); s != id {
		return s
	}
	return string(ph)
}
