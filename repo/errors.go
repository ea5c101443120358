package repo

import (
	"errors"
	"strings"

	gomysql "github.com/go-sql-driver/mysql"
	"gorm.io/gorm"

	"github.com/wecom-ticket/ticket/service"
)

// dbErr turns database errors into domain errors where they mean something
// to a user (missing row, duplicate key); everything else stays internal.
func dbErr(err error) error {
	switch {
	case err == nil:
		return nil
	case isNotFound(err):
		return service.Wrap(service.KindNotFound, "not_found", err)
	case isDuplicate(err):
		return service.Wrap(service.KindConflict, "duplicate", err)
	case isDeadlock(err):
		return service.Wrap(service.KindUnavailable, service.CodeDeadlock, err)
	}
	return err
}

// isDeadlock recognises MySQL's deadlock (1213) and lock wait timeout
// (1205): the transaction was rolled back and may simply be run again.
func isDeadlock(err error) bool {
	var me *gomysql.MySQLError
	return errors.As(err, &me) && (me.Number == 1213 || me.Number == 1205)
}

func isNotFound(err error) bool { return errors.Is(err, gorm.ErrRecordNotFound) }

// isDuplicate recognises a unique-key violation on both databases.
func isDuplicate(err error) bool {
	var me *gomysql.MySQLError
	if errors.As(err, &me) {
		return me.Number == 1062
	}
	// The pure-Go SQLite driver reports constraint failures only as text.
	return strings.Contains(err.Error(), "UNIQUE constraint failed")
}
