package steplist

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

func TestWrapText(t *testing.T) {
	tests := []struct {
		name string
		text string
		w    int
		want []string
	}{
		{"latin words stay whole", "stop the node now", 9, []string{"stop the", "node now"}},
		{"a long word is cut", "check_if_node_is_quorum_critical", 10, []string{"check_if_n", "ode_is_quo", "rum_critic", "al"}},
		{"chinese breaks anywhere", "停止节点然后备份", 6, []string{"停止节", "点然后", "备份"}},
		{"mixed keeps the word", "没有仲裁队列（quorum queue）或 stream", 20, []string{"没有仲裁队列（quorum", "queue）或 stream"}},
		{"closing punctuation never starts a line", "等待副本追上。然后", 12, []string{"等待副本追", "上。然后"}},
		{"opening punctuation never ends a line", "检查节点（维护模式）", 10, []string{"检查节点", "（维护模", "式）"}},
		{"hyphens are not break points", "see rabbitmq-diagnostics status", 20, []string{"see", "rabbitmq-diagnostics", "status"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := wrapText(tt.text, tt.w)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("wrapText(%q, %d) = %q, want %q", tt.text, tt.w, got, tt.want)
			}
			for _, l := range got {
				if ansi.StringWidth(l) > tt.w {
					t.Errorf("line %q is wider than %d", l, tt.w)
				}
			}
		})
	}
}
