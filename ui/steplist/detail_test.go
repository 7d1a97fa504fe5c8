package steplist

import (
	"testing"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/i18n"
	"github.com/warren-sre/warren/steps"
)

// The detail view never offers a key that would only answer "not here".
func TestKeyHintsOfferOnlyWhatWorks(t *testing.T) {
	act := &steps.Action{Commands: [][]string{{"rabbitmqctl", "stop_app"}}}
	tests := []struct {
		name   string
		action *steps.Action
		status checklist.Status
		want   string
	}{
		{"check-only step", nil, checklist.Pending, "c run check · esc back"},
		{"step with an action", act, checklist.Pending, "c run check · x run action · esc back"},
		{"failed step", nil, checklist.Failed, "c run check · a acknowledge · esc back"},
		{"interrupted action", act, checklist.Interrupted, "c run check · x run action · a acknowledge · esc back"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := &checklist.StepState{Step: steps.Step{ID: "s", Action: tt.action}, Status: tt.status}
			m := New(i18n.For(i18n.English))
			if got := m.keyHints(st); got != tt.want {
				t.Errorf("keyHints = %q, want %q", got, tt.want)
			}
		})
	}
}
