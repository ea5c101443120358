package repo_test

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/repo/repotest"
)

// TestCRMMigrationGoesDownAndUp checks that 00004 undoes cleanly on both
// databases (it adds indexes to a table it does not own) and applies again.
func TestCRMMigrationGoesDownAndUp(t *testing.T) {
	for _, be := range repotest.Backends(t) {
		t.Run(be.Name, func(t *testing.T) {
			ctx := context.Background()
			if err := be.DB.MigrateDownTo(ctx, 4); err != nil {
				t.Fatalf("down: %v", err)
			}
			if v, err := be.DB.SchemaVersion(ctx); err != nil || v >= 4 {
				t.Fatalf("after down: version %d, %v", v, err)
			}
			if _, err := be.DB.Migrate(ctx); err != nil {
				t.Fatalf("up again: %v", err)
			}
			if v, err := be.DB.SchemaVersion(ctx); err != nil || v < 4 {
				t.Fatalf("after up: version %d, %v", v, err)
			}
		})
	}
}
