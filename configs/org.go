package configs

import (
	"bytes"
	_ "embed" // the demo org ships inside the binary
	"fmt"

	"gopkg.in/yaml.v3"

	"github.com/wecom-ticket/ticket/service"
)

// DemoOrg is configs/demo-org.yaml, embedded so a first run from any
// directory (or the container image) can seed it.
//
//go:embed demo-org.yaml
var DemoOrg []byte

// ParseOrg decodes an org file. Unknown keys are errors, so a typo in a
// seed file is reported instead of silently ignored.
func ParseOrg(raw []byte) (service.OrgSnapshot, error) {
	var snap service.OrgSnapshot
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&snap); err != nil {
		return snap, fmt.Errorf("parse org file: %w", err)
	}
	return snap, nil
}
