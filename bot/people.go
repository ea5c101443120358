package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/wecom-ticket/ticket/service"
)

// userNamed finds an enabled colleague by WeCom userid (with or without
// the @) or by name; when there is none it says so.
func (b *Bot) userNamed(ctx context.Context, t *turn, word string) (*service.User, error) {
	x, err := b.Org.Index(ctx)
	if err != nil {
		return nil, err
	}
	word = strings.TrimPrefix(strings.TrimSpace(word), "@")
	if u, ok := x.UserByUserID(word); ok && u.Enabled {
		return u, nil
	}
	for _, u := range x.Users() {
		if u.Enabled && u.Name == word {
			return u, nil
		}
	}
	t.say(fmt.Sprintf(t.lang.text(txtUnknownWho), clip(word, 20)))
	return nil, nil
}

// deptNamed finds a department by its Chinese or English name.
func deptNamed(x *service.OrgIndex, name string) *service.Department {
	name = strings.TrimSpace(name)
	for _, d := range x.Departments() {
		if d.Name == name || (d.NameEn != "" && strings.EqualFold(d.NameEn, name)) {
			return d
		}
	}
	return nil
}

// userName is how a reply names a colleague by our id.
func userName(x *service.OrgIndex, id int64) string {
	if u, ok := x.User(id); ok {
		return u.Name
	}
	return "-"
}
