// Package tickets ships the ticket template library: one YAML file per
// template, loaded at start by service.TemplateService.LoadLibrary.
package tickets

import "embed"

// Library holds the template files.
//
//go:embed *.yaml
var Library embed.FS
