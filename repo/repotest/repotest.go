// Package repotest gives tests real databases: an SQLite file always, and a
// fresh MySQL/MariaDB database when TICKET_TEST_MYSQL_DSN is set. A suite
// written against Backends runs unchanged on both.
package repotest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	gomysql "github.com/go-sql-driver/mysql"

	"github.com/wecom-ticket/ticket/repo"
)

// EnvMySQL names the variable that turns the MySQL suites on.
const EnvMySQL = "TICKET_TEST_MYSQL_DSN"

// Backend is one migrated, empty database.
type Backend struct {
	Name string
	DB   *repo.DB
}

// Backends returns an SQLite database and, when TICKET_TEST_MYSQL_DSN is
// set, a MySQL one. Both are migrated and dropped when the test ends. A set
// but unreachable MySQL fails the test: a suite that silently skipped would
// pass without having tested anything.
func Backends(t testing.TB) []Backend {
	t.Helper()
	out := []Backend{{Name: repo.SQLite, DB: SQLite(t)}}
	if os.Getenv(EnvMySQL) != "" {
		out = append(out, Backend{Name: repo.MySQL, DB: MySQL(t)})
	}
	return out
}

// SQLite opens a migrated database in a temporary file.
func SQLite(t testing.TB) *repo.DB {
	t.Helper()
	dsn := "file:" + filepath.Join(t.TempDir(), "test.db") +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate"
	return open(t, repo.SQLite, dsn)
}

// MySQL creates a throwaway database on the server TICKET_TEST_MYSQL_DSN
// names, migrates it, and drops it when the test ends.
func MySQL(t testing.TB) *repo.DB {
	t.Helper()
	return open(t, repo.MySQL, MySQLDSN(t))
}

// MySQLDSN creates a throwaway, empty database and returns its DSN, for
// tests that hand a DSN to the server binary. It is dropped when the test
// ends.
func MySQLDSN(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvMySQL)
	cfg, err := gomysql.ParseDSN(base)
	if err != nil {
		t.Fatalf("%s is not a valid MySQL DSN: %v", EnvMySQL, err)
	}
	admin, err := sql.Open("mysql", base)
	if err != nil {
		t.Fatalf("%s: %v", EnvMySQL, err)
	}
	defer func() { _ = admin.Close() }()
	ctx := context.Background()
	if err := admin.PingContext(ctx); err != nil {
		t.Fatalf("%s is set but the MySQL server cannot be reached (is it running?): %v", EnvMySQL, err)
	}
	name := "t_" + randomHex(6)
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create test database: %v", err)
	}
	t.Cleanup(func() {
		drop, err := sql.Open("mysql", base)
		if err != nil {
			return
		}
		defer func() { _ = drop.Close() }()
		_, _ = drop.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name)
	})
	cfg.DBName = name
	return cfg.FormatDSN()
}

func open(t testing.TB, driver, dsn string) *repo.DB {
	t.Helper()
	ctx := context.Background()
	db, err := repo.Open(ctx, driver, dsn, 10, nil)
	if err != nil {
		t.Fatalf("open %s: %v", driver, err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", driver, err)
	}
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand: %v", err))
	}
	return hex.EncodeToString(b)
}
