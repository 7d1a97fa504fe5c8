package cli

import (
	"strings"

	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/model"
)

// model speaks English; the command line localises its sentences at the
// edge. Each catalog prefix below holds English templates that double as
// matchers (i18n.Printer.Match); a sentence no template matches is printed
// in English, never dropped.
const (
	planPrefix    = "plan.say."  // plan actions, notes, warnings, blockers
	findingPrefix = "finding."   // finding.CODE.title*, finding.CODE.remedy*
	modelPrefix   = "model.say." // other model sentences (knowledge summary)
)

// knowledgeSummary is model.KnowledgeSummary in tr's language.
func knowledgeSummary(tr *i18n.Printer) string {
	return tr.Say(modelPrefix, model.KnowledgeSummary())
}

// findingTitle is f's title in tr's language, by finding code.
func findingTitle(tr *i18n.Printer, f model.Finding) string {
	return tr.Say(findingPrefix+f.Code+".title", f.Title)
}

// findingRemedy is f's remedy in tr's language, by finding code.
func findingRemedy(tr *i18n.Printer, f model.Finding) string {
	return tr.Say(findingPrefix+f.Code+".remedy", f.Remedy)
}

// severityWord is the severity as a person reads it ([BLOCKER], [阻断]).
func severityWord(tr *i18n.Printer, s model.Severity) string {
	return tr.T("finding.severity." + string(s))
}

// findingJSON is a finding with its localised title and remedy beside the
// English ones, which stay as they are for scripts.
type findingJSON struct {
	model.Finding
	TitleLocal  string `json:"title_localized,omitempty"`
	RemedyLocal string `json:"remedy_localized,omitempty"`
}

func localiseFindings(fs []model.Finding, tr *i18n.Printer) []findingJSON {
	out := make([]findingJSON, 0, len(fs))
	for _, f := range fs {
		j := findingJSON{Finding: f, TitleLocal: findingTitle(tr, f)}
		if f.Remedy != "" {
			j.RemedyLocal = findingRemedy(tr, f)
		}
		out = append(out, j)
	}
	return out
}

// errPrefix holds the English error messages of cobra, model and targets
// that reach the user, as matchers (cli.err.say.*).
const errPrefix = "cli.err.say."

// localiseError is an error message in tr's language, line by line. A line
// no entry matches is tried as "HEAD: REST" with REST localised (errors
// wrap: "--from: unknown RabbitMQ version …"); what stays unmatched stays
// English.
func localiseError(tr *i18n.Printer, msg string) string {
	if tr.Lang() == i18n.English {
		return msg
	}
	lines := strings.Split(msg, "\n")
	for i, line := range lines {
		lines[i], _ = localiseErrorLine(tr, line)
	}
	return strings.Join(lines, "\n")
}

func localiseErrorLine(tr *i18n.Printer, line string) (string, bool) {
	if s, ok := tr.Match(errPrefix, line); ok {
		return s, true
	}
	head, rest, found := strings.Cut(line, ": ")
	if !found {
		return line, false
	}
	if s, ok := localiseErrorLine(tr, rest); ok {
		return head + tr.T("cli.err.sep") + s, true
	}
	return line, false
}
