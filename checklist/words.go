package checklist

import "github.com/warren-sre/warren/i18n"

// StatusWord is a step's status in p's language, for every front end (the
// screen, the report, the headless run); the journal keeps the English.
func StatusWord(p *i18n.Printer, s Status) string {
	id := "steplist.status." + string(s)
	if w := p.T(id); w != id {
		return w
	}
	return string(s)
}
