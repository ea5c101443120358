// Package servicetest wires real stacks for service tests: SQLite with the
// in-process store always, and MySQL with Redis when the test environment
// names them. Every service suite iterates over Stacks, so the same test
// runs on both.
package servicetest

import (
	"context"
	"testing"

	"github.com/wecom-ticket/ticket/configs"
	"github.com/wecom-ticket/ticket/repo"
	"github.com/wecom-ticket/ticket/repo/repotest"
	"github.com/wecom-ticket/ticket/repo/store/storetest"
	"github.com/wecom-ticket/ticket/service"
)

// Stack is one database and one session store, migrated and empty.
type Stack struct {
	Name string
	DB   *repo.DB
	KV   service.SessionStore
	Org  *service.OrgService
}

// Stacks pairs each database backend with a store backend: SQLite with the
// in-process store, MySQL with Redis (or the in-process store when only
// the MySQL variable is set).
func Stacks(t *testing.T) []*Stack {
	t.Helper()
	dbs := repotest.Backends(t)
	kvs := storetest.Backends(t)
	out := make([]*Stack, 0, len(dbs))
	for i, db := range dbs {
		kv := kvs[0]
		if i < len(kvs) {
			kv = kvs[i]
		}
		s := &Stack{Name: db.Name + "+" + kv.Name, DB: db.DB, KV: kv.Store}
		s.Org = service.NewOrgService(db.DB, repo.NewOrgs(db.DB), kv.Store, nil)
		out = append(out, s)
	}
	return out
}

// SeedDemo applies configs/demo-org.yaml.
func (s *Stack) SeedDemo(t *testing.T) {
	t.Helper()
	snap, err := configs.ParseOrg(configs.DemoOrg)
	if err != nil {
		t.Fatalf("parse demo org: %v", err)
	}
	if _, err := s.Org.Apply(context.Background(), snap, service.ApplyOptions{}); err != nil {
		t.Fatalf("seed demo org: %v", err)
	}
}

// UserID returns our id of a WeCom userid in the current org.
func (s *Stack) UserID(t *testing.T, userid string) int64 {
	t.Helper()
	idx, err := s.Org.Index(context.Background())
	if err != nil {
		t.Fatalf("org index: %v", err)
	}
	u, ok := idx.UserByUserID(userid)
	if !ok {
		t.Fatalf("no user %q in the org", userid)
	}
	return u.ID
}
