package wecom

import (
	"context"
	"encoding/xml"

	"github.com/wecom-ticket/ticket/service"
)

// EventKFMsg tells the app that 微信客服 has new messages to pull.
const EventKFMsg = "kf_msg_or_event"

// KFSyncer pulls a 客服账号's new messages (service.KFService).
type KFSyncer interface {
	Sync(ctx context.Context, token, openKfID string) error
}

// KFEvents sits in front of the chat bot in the inbox: a kf_msg_or_event
// callback makes it pull the new 微信客服 messages (which opens the
// customers' windows for notices); everything else goes on to Next.
type KFEvents struct {
	KF   KFSyncer
	Next service.InboxProcessor
}

type kfEvent struct {
	MsgType  string `xml:"MsgType"`
	Event    string `xml:"Event"`
	Token    string `xml:"Token"`
	OpenKfID string `xml:"OpenKfId"`
}

// Process routes one inbox item.
func (k KFEvents) Process(ctx context.Context, item service.InboxItem) error {
	var ev kfEvent
	if xml.Unmarshal(item.Payload, &ev) == nil && ev.MsgType == MsgEvent && ev.Event == EventKFMsg && ev.OpenKfID != "" {
		return k.KF.Sync(ctx, ev.Token, ev.OpenKfID)
	}
	return k.Next.Process(ctx, item)
}
