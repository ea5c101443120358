package bot

import (
	"context"

	"github.com/wecom-ticket/ticket/wecom"
)

// onEvent handles events. Address-book changes are applied at once so a
// new or moved member can use the bot without waiting for sync-org.
func (b *Bot) onEvent(ctx context.Context, m *wecom.Message) error {
	if m.Event != wecom.EventChangeContact {
		return nil
	}
	switch m.ChangeType {
	case "create_user", "update_user":
		userid := m.UserID
		if m.NewUserID != "" && m.NewUserID != m.UserID {
			if err := b.org.RenameUser(ctx, m.UserID, m.NewUserID); err != nil {
				return err
			}
			userid = m.NewUserID
		}
		_, err := b.org.RefreshUser(ctx, userid)
		return err
	case "delete_user":
		return b.org.DisableUser(ctx, m.UserID)
	case "create_party", "update_party", "delete_party":
		_, err := b.org.SyncFromDirectory(ctx)
		return err
	}
	return nil
}
