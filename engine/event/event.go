// Package event is the engine's one event stream, as types: what a front
// end (the cockpit, the headless text) hears from a live run. It holds
// values only, so the screen can import it without reaching the engine's
// network or commands.
package event

import (
	"time"

	"github.com/warren-sre/warren/checklist"
	"github.com/warren-sre/warren/model"
)

// Event is one of the types below; the set is closed (the unexported
// method), so a front end's switch over them can be checked complete.
type Event interface{ isEvent() }

// Concern names which poller a Sample comes from.
type Concern int

const (
	Nodes Concern = iota
	Overview
	Queues
	Connections
	Flags
	Health
	Durable
	Canary
	Link
)

var concernNames = [...]string{"nodes", "overview", "queues", "connections", "flags", "health", "durable", "canary", "link"}

func (c Concern) String() string { return concernNames[c] }

// Sample is one poller's reading, already in the engine's store (checks
// read it from there). Reading holds it in the field Concern names (a link
// change in Reading.Links[0]); Reading.States is every node's effective
// state after it.
type Sample struct {
	Concern Concern
	Reading model.Snapshot
}

// First is the snapshot taken while the run was opened: every concern at
// once, so no pane starts empty.
type First struct{ Snapshot model.Snapshot }

// RunChanged: the journal moved (our own records, or the driver's when
// following). Seq counts the changes this engine has seen, from 1.
type RunChanged struct{ Seq uint64 }

// TriggerFired: a rollback trigger was journaled (by this driver, or read
// from the driver's journal by a follower), with its evidence.
type TriggerFired struct{ Trigger checklist.Trigger }

// RollbackBegun: the Rollback phase opened, journaled with who and why.
type RollbackBegun struct{ By, Reason string }

// Green is the second cluster of a blue-green run: its nodes, then its
// deepest queues, one of the two per event.
type Green struct {
	Nodes  *model.GreenNodes
	Queues *model.GreenQueues
}

// Note is a line the engine wants the operator to read: why the latency
// pane stays empty (no canary), said at At.
type Note struct {
	At     time.Time
	Canary string
}

func (Sample) isEvent()        {}
func (First) isEvent()         {}
func (RunChanged) isEvent()    {}
func (TriggerFired) isEvent()  {}
func (RollbackBegun) isEvent() {}
func (Green) isEvent()         {}
func (Note) isEvent()          {}
