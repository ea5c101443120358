package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"gopkg.in/yaml.v3"

	"github.com/wecom-ticket/ticket/service"
)

// engineers adds n engineers of the East region (department 4) to the
// demo org: enough recipients that a notice load stays inside WeCom's
// per-member limit, as a real tenant's would.
func engineers(snap service.OrgSnapshot, n int) (service.OrgSnapshot, []string) {
	users := append([]service.UserSpec(nil), snap.Users...)
	var ids []string
	for i := range n {
		id := fmt.Sprintf("bench_e%04d", i)
		ids = append(ids, id)
		users = append(users, service.UserSpec{UserID: id, Name: fmt.Sprintf("压测工程师%04d", i), MainDepartment: 4,
			Departments: []int64{4}, Leaders: []string{"east_mgr"}, Roles: []service.Role{service.RoleEngineer}})
	}
	snap.Users = users
	return snap, ids
}

// seedOrg migrates the stack's database and loads snap with the server's
// own `migrate` and `seed` commands, before any server starts.
func seedOrg(ctx context.Context, r *run, env map[string]string, snap service.OrgSnapshot, name string) error {
	raw, err := yaml.Marshal(snap)
	if err != nil {
		return err
	}
	file := filepath.Join(r.dir, name+"-org.yaml")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		return err
	}
	for _, args := range [][]string{{"migrate"}, {"seed", file}} {
		cmd := exec.CommandContext(ctx, r.serverBin, args...) // #nosec G204 -- the binary this program built
		cmd.Dir = r.dir
		cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + r.dir}
		for k, v := range env {
			cmd.Env = append(cmd.Env, k+"="+v)
		}
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("server %v: %w\n%s", args, err, out)
		}
	}
	return nil
}
