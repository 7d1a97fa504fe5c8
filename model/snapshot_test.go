package model

import (
	"encoding/json"
	"testing"
)

func TestNodeStateRoundTripsThroughJSON(t *testing.T) {
	for state := range nodeStateWords {
		raw, err := json.Marshal(Node{State: state})
		if err != nil {
			t.Fatal(err)
		}
		var back Node
		if err := json.Unmarshal(raw, &back); err != nil {
			t.Fatalf("%s: %v", state, err)
		}
		if back.State != state {
			t.Fatalf("%s came back as %s", state, back.State)
		}
	}
	var n Node
	if err := json.Unmarshal([]byte(`{"state":"exploded"}`), &n); err == nil {
		t.Fatal("an unknown state word must be an error")
	}
}
