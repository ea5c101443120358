package bot

import (
	"context"

	"github.com/wecom-ticket/ticket/wecom"
)

// onContactChange applies address-book changes at once, so a
// new or moved member can use the bot without waiting for sync-org.
func (b *Bot) onContactChange(ctx context.Context, m *wecom.Message) error {
	switch m.ChangeType {
	case "create_user", "update_user":
		userid := m.UserID
		if m.NewUserID != "" && m.NewUserID != m.UserID {
			if err := b.Org.RenameUser(ctx, m.UserID, m.NewUserID); err != nil {
				return err
			}
			userid = m.NewUserID
		}
		_, err := b.Org.RefreshUser(ctx, userid)
		return err
	case "delete_user":
		return b.Org.DisableUser(ctx, m.UserID)
	case "create_party", "update_party", "delete_party":
		_, err := b.Org.SyncFromDirectory(ctx)
		return err
	}
	return nil
}
