// Package print ships the printable HTML view of a ticket: one page a
// person prints or saves as PDF, in Chinese or English.
package print

import "embed"

// Files holds the page templates (html/template).
//
//go:embed *.html
var Files embed.FS
