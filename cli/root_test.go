package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/warren-sre/warren/model"
)

// `warren version` says how fresh the upgrade knowledge is (issue 13, item 9).
func TestVersionPrintsKnowledgeDate(t *testing.T) {
	for _, sources := range []bool{false, true} {
		var out bytes.Buffer
		writeVersion(&out, sources)
		text := out.String()
		if !strings.HasPrefix(text, "warren ") || !strings.Contains(text, "checked "+model.KnowledgeCheckedOn) {
			t.Errorf("version output lacks the build or the knowledge date:\n%s", text)
		}
		if got := strings.Contains(text, "erlangMatrix:"); got != sources {
			t.Errorf("--sources=%v: table list shown = %v\n%s", sources, got, text)
		}
	}
}
