package model

// Severity ranks a finding. Blockers keep the rolling phase locked.
type Severity string

const (
	Blocker Severity = "blocker"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one problem found in the cluster, with a stable code that
// scripts can match, the evidence that shows it, and what to do about it.
type Finding struct {
	Code     string   `json:"code"` // e.g. FEATURE_FLAG_DISABLED
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	Evidence []string `json:"evidence"`
	Remedy   string   `json:"remedy"`
	Doc      string   `json:"doc,omitempty"`
}
