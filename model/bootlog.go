package model

import (
	"regexp"
	"strings"
)

// logPrefix is RabbitMQ's (3.9+) log line prefix: time, level, Erlang pid.
var logPrefix = regexp.MustCompile(`^(\S+ \S+) \[(\w+)\] (<[^>]*>) ?`)

// BootFailure picks the node's own words for why it refused to boot out of
// its log (stdout or the node log): the "Error during startup" line, then
// the error messages logged before it — e.g. a required feature flag not
// enabled, which is how a skipped upgrade path shows. Multi-line messages
// (one time stamp, one pid) are joined. Nil when the log holds no failure.
func BootFailure(log string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = strings.Join(strings.Fields(s), " ")
		if s != "" && !seen[s] && len(out) < 6 {
			seen[s] = true
			out = append(out, s)
		}
	}
	var startup string
	causesBefore := -1 // errors logged after the startup line are crash reports
	var group, groupKey string
	flush := func() {
		if group != "" {
			add(group)
		}
		group, groupKey = "", ""
	}
	for _, line := range strings.Split(log, "\n") {
		if i := strings.Index(line, "Error during startup:"); i >= 0 && startup == "" {
			startup = line[i:]
			flush()
			causesBefore = len(out)
		}
		if strings.HasPrefix(line, "Kernel pid terminated") && startup == "" {
			startup = line
		}
		m := logPrefix.FindStringSubmatch(line)
		if m == nil || m[2] != "error" {
			flush()
			continue
		}
		msg := strings.TrimSpace(line[len(m[0]):])
		key := m[1] + m[3]
		switch {
		case key == groupKey && msg != "":
			group += " " + msg
		case isBanner(msg):
			flush()
		default:
			flush()
			group, groupKey = msg, key
		}
	}
	flush()
	if startup == "" && len(out) == 0 {
		return nil
	}
	if causesBefore >= 0 {
		out = out[:causesBefore]
	}
	var causes []string
	for _, s := range out {
		if !strings.HasPrefix(s, "Error during startup:") && !isBanner(s) {
			causes = append(causes, s)
		}
	}
	if startup != "" {
		return append([]string{strings.TrimSpace(startup)}, causes...)
	}
	return causes
}

func isBanner(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "BOOT FAILED" || strings.Trim(s, "=") == ""
}
