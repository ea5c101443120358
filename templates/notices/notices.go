// Package notices ships the notice templates: staff notices (staff/,
// markdown; cards/, template-card JSON), customer notices per lifecycle
// node (customer/), and the customer pages (pages/, HTML). Each notice has
// a Chinese and an English file. service.NoticeTemplates renders them, with
// an admin's override directory of the same layout on top; samples/ holds
// the data the golden test (testdata/) renders every template with.
package notices

import "embed"

// Files is the shipped template tree.
//
//go:embed staff cards customer pages
var Files embed.FS
