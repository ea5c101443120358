// Package static ships the H5 pages' style sheet, their few scripts and
// the vendored chart library, embedded so the binary serves them itself
// (no CDN at run time).
package static

import "embed"

// Files holds the assets, served under /h5/static/.
//
//go:embed *.css *.js vendor
var Files embed.FS
