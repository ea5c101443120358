package main

import (
	"path/filepath"
	"time"

	"github.com/wecom-ticket/ticket/service"
)

// run is one invocation: settings, the built server and what was measured.
type run struct {
	mysql, redis string
	out, dir     string
	partial      bool     // -only: earlier rows of the other benchmarks are kept
	keep         bool     // -keep: the benchmarks' databases are not dropped
	ran          []string // the benchmarks this invocation ran
	readme       string   // README.md whose Performance section gets the table; "" for none
	duration     time.Duration
	warmup       time.Duration
	serverBin    string
	org          service.OrgSnapshot
	started      time.Time
	results      []result
}

// result is one row of the table.
type result struct {
	Bench   string      `json:"bench"`
	Case    string      `json:"case"`
	Ours    loadResult  `json:"ours"`
	Ref     *loadResult `json:"reference,omitempty"`
	RefName string      `json:"reference_name,omitempty"`
	// Figure is a non-load figure (MiB, ms, ratio) with its unit.
	Figure string `json:"figure,omitempty"`
	Target string `json:"target"`
	Met    bool   `json:"met"`
	How    string `json:"how"`
	// Profile is the CPU profile summary of the server under this load
	// (profiles/<name>.txt), linked when the target is missed.
	Profile string `json:"profile,omitempty"`
}

func (r *run) add(res result) { r.results = append(r.results, res) }

func (r *run) logPath(name string) string { return filepath.Join(r.dir, name) }

// demoUsers are the demo org's members, who send the callbacks.
func (r *run) demoUsers() []string {
	var ids []string
	for _, u := range r.org.Users {
		ids = append(ids, u.UserID)
	}
	return ids
}
