// Package h5 ships the H5 workbench pages (html/template) that staff open
// from WeCom's workbench, and the public web-to-case form page.
package h5

import "embed"

// Files holds the page templates.
//
//go:embed *.html
var Files embed.FS
