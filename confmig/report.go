package confmig

import (
	"fmt"
	"io"
	"strings"
)

// WriteReport prints the conversion report as text; ver may be nil when
// --verify was not asked for. Secret values are always masked.
func WriteReport(w io.Writer, res Result, ver *Verification) {
	by := map[Status][]Entry{}
	var notes []Entry
	for _, e := range res.Entries {
		by[e.Status] = append(by[e.Status], e)
		if e.Status == Converted && e.Note != "" {
			notes = append(notes, e)
		}
	}
	fmt.Fprintf(w, "%d settings: %d to rabbitmq.conf, %d kept in advanced.config, %d not written (keys were taken from RabbitMQ %s's schema)\n",
		len(res.Entries), len(by[Converted]), len(by[Advanced]), len(by[Dropped]), res.SchemaVersion)
	writeEntries(w, "Translated, read this:", notes, func(e Entry) string { return e.Note })
	writeEntries(w, "Kept in advanced.config:", by[Advanced], func(e Entry) string { return e.Reason })
	writeEntries(w, "Not written anywhere:", by[Dropped], func(e Entry) string { return e.Reason })
	writeFindings(w, res)
	if ver != nil {
		writeVerification(w, *ver)
	}
}

func writeEntries(w io.Writer, title string, entries []Entry, why func(Entry) string) {
	if len(entries) == 0 {
		return
	}
	fmt.Fprintln(w, "\n"+title)
	for _, e := range entries {
		fmt.Fprintf(w, "  line %-4d %s.%s: %s\n", e.Line, e.App, e.Key, why(e))
	}
}

func writeFindings(w io.Writer, res Result) {
	if len(res.Findings) == 0 {
		if res.Target != "" {
			fmt.Fprintf(w, "\nNo setting is known to fail or be ignored on %s.\n", res.Target)
		}
		return
	}
	if res.Target != "" {
		fmt.Fprintf(w, "\nOn RabbitMQ %s:\n", res.Target)
	} else {
		fmt.Fprintln(w, "\nVersion notes (use --to VERSION to keep only those that apply):")
	}
	for _, f := range res.Findings {
		fmt.Fprintf(w, "  %-10s %s (from %s): %s [%s]\n", f.Severity, f.Key, f.Since, f.Message, f.Source)
	}
}

func writeVerification(w io.Writer, v Verification) {
	counts := map[CheckStatus]int{}
	for _, c := range v.Checks {
		counts[c.Status]++
	}
	where := v.ServerDir
	if v.Root != "" {
		where += " in the lab root " + v.Root
	}
	fmt.Fprintf(w, "\nVerified with RabbitMQ %s's own Cuttlefish schema (%s): %d equivalent, %d differ, %d not checkable, %d not written\n",
		v.Version, where, counts[Equivalent], counts[Differs], counts[NotCheckable], counts[WasDropped])
	if v.FilesUnchecked {
		fmt.Fprintln(w, "  file and directory checks were not run: the lab root does not hold the nodes' files")
	}
	for _, c := range v.Checks {
		switch c.Status {
		case Differs:
			fmt.Fprintf(w, "  differs        %s.%s\n      original:  %s\n      generated: %s\n",
				c.App, c.Key, oneLine(c.Original), oneLine(c.Generated))
			if c.Note != "" {
				fmt.Fprintf(w, "      note: %s\n", c.Note)
			}
		case NotCheckable:
			fmt.Fprintf(w, "  not checkable  %s.%s: %s\n", c.App, c.Key, c.Note)
		}
	}
	if len(v.Added) > 0 {
		fmt.Fprintf(w, "  the schema also sets (defaults or implied): %s\n", strings.Join(v.Added, ", "))
	}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" {
		return "(not set)"
	}
	return s
}
