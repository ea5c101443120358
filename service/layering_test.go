package service_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering keeps the architecture honest: nothing below the service
// layer speaks HTTP or WeCom, and the HTTP and chat edges never touch SQL.
func TestLayering(t *testing.T) {
	const mod = "github.com/wecom-ticket/ticket/"
	out, err := exec.Command("go", "list", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "../...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	rules := []struct {
		layer     string   // package path prefix below the module
		forbidden []string // import path prefixes
	}{
		{"service", []string{"github.com/gin-gonic/", "github.com/silenceper/", "gorm.io/", mod + "handler", mod + "bot", mod + "wecom", mod + "repo"}},
		{"repo", []string{"github.com/gin-gonic/", "github.com/silenceper/", mod + "handler", mod + "bot", mod + "wecom"}},
		{"handler", []string{"gorm.io/", mod + "repo"}},
		{"bot", []string{"gorm.io/", mod + "repo", "github.com/gin-gonic/"}},
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], mod)
		for _, r := range rules {
			if pkg != r.layer && !strings.HasPrefix(pkg, r.layer+"/") {
				continue
			}
			if strings.HasSuffix(pkg, "test") { // fixtures (servicetest, repotest) wire real parts on purpose
				continue
			}
			for _, imp := range fields[1:] {
				for _, f := range r.forbidden {
					if strings.HasPrefix(imp, f) {
						t.Errorf("%s imports %s, which its layer must not", pkg, imp)
					}
				}
			}
		}
	}
}
