package wecom

import (
	"encoding/xml"
	"errors"
	"reflect"
	"testing"
)

const head = `<ToUserName><![CDATA[ww1]]></ToUserName><FromUserName><![CDATA[agent1]]></FromUserName><CreateTime>1700000000</CreateTime><AgentID>1000002</AgentID>`

func base(msgType string) Message {
	return Message{XMLName: xml.Name{Local: "xml"}, ToUserName: "ww1", FromUserName: "agent1", CreateTime: 1700000000, AgentID: 1000002, MsgType: msgType}
}

func with(m Message, f func(*Message)) Message { f(&m); return m }

func TestParseMessage(t *testing.T) {
	cases := []struct {
		name string
		xml  string
		want Message
	}{
		{"text", `<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[打印机坏了 <b>&amp;</b>]]></Content><MsgId>1234567890123456789</MsgId>`,
			with(base(MsgText), func(m *Message) { m.Content = "打印机坏了 <b>&amp;</b>"; m.MsgID = 1234567890123456789 })},
		{"image", `<MsgType><![CDATA[image]]></MsgType><PicUrl><![CDATA[https://p.example/1.jpg]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>2</MsgId>`,
			with(base(MsgImage), func(m *Message) { m.PicURL = "https://p.example/1.jpg"; m.MediaID = "m1"; m.MsgID = 2 })},
		{"voice", `<MsgType><![CDATA[voice]]></MsgType><MediaId><![CDATA[v1]]></MediaId><Format><![CDATA[amr]]></Format><MsgId>3</MsgId>`,
			with(base(MsgVoice), func(m *Message) { m.MediaID = "v1"; m.Format = "amr"; m.MsgID = 3 })},
		{"video", `<MsgType><![CDATA[video]]></MsgType><MediaId><![CDATA[vd]]></MediaId><ThumbMediaId><![CDATA[th]]></ThumbMediaId><MsgId>4</MsgId>`,
			with(base(MsgVideo), func(m *Message) { m.MediaID = "vd"; m.ThumbMediaID = "th"; m.MsgID = 4 })},
		{"file (undocumented)", `<MsgType><![CDATA[file]]></MsgType><MediaId><![CDATA[f1]]></MediaId><FileName><![CDATA[报修单.pdf]]></FileName><FileSize>1024</FileSize><MsgId>5</MsgId>`,
			with(base(MsgFile), func(m *Message) { m.MediaID = "f1"; m.FileName = "报修单.pdf"; m.MsgID = 5 })},
		{"location", `<MsgType><![CDATA[location]]></MsgType><Location_X>31.2304</Location_X><Location_Y>121.4737</Location_Y><Scale>15</Scale><Label><![CDATA[上海市]]></Label><MsgId>6</MsgId><AppType><![CDATA[wxwork]]></AppType>`,
			with(base(MsgLocation), func(m *Message) {
				m.LocationX, m.LocationY, m.Scale, m.Label, m.MsgID, m.AppType = 31.2304, 121.4737, 15, "上海市", 6, "wxwork"
			})},
		{"link", `<MsgType><![CDATA[link]]></MsgType><Title><![CDATA[T]]></Title><Description><![CDATA[D]]></Description><Url><![CDATA[https://x.example/a?b=1&amp;c=2]]></Url><PicUrl><![CDATA[https://x.example/p.png]]></PicUrl><MsgId>7</MsgId>`,
			with(base(MsgLink), func(m *Message) {
				m.Title, m.Description, m.URL, m.PicURL, m.MsgID = "T", "D", "https://x.example/a?b=1&amp;c=2", "https://x.example/p.png", 7
			})},
		{"unknown type", `<MsgType><![CDATA[hologram]]></MsgType><Beam><Colour>red</Colour></Beam><MsgId>8</MsgId>`,
			with(base("hologram"), func(m *Message) { m.MsgID = 8 })},
		{"enter_agent", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[enter_agent]]></Event><EventKey><![CDATA[]]></EventKey>`,
			with(base(MsgEvent), func(m *Message) { m.Event = EventEnterAgent })},
		{"click", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[click]]></Event><EventKey><![CDATA[new_ticket]]></EventKey>`,
			with(base(MsgEvent), func(m *Message) { m.Event, m.EventKey = EventClick, "new_ticket" })},
		{"view", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[view]]></Event><EventKey><![CDATA[https://t.example/my]]></EventKey>`,
			with(base(MsgEvent), func(m *Message) { m.Event, m.EventKey = EventView, "https://t.example/my" })},
		{"template_card_event", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[approve:42]]></EventKey><TaskId><![CDATA[t42]]></TaskId><CardType><![CDATA[vote_interaction]]></CardType><ResponseCode><![CDATA[rc1]]></ResponseCode><SelectedItems><SelectedItem><QuestionKey><![CDATA[q1]]></QuestionKey><OptionIds><OptionId><![CDATA[o1]]></OptionId><OptionId><![CDATA[o2]]></OptionId></OptionIds></SelectedItem><SelectedItem><QuestionKey><![CDATA[q2]]></QuestionKey><OptionIds><OptionId><![CDATA[o9]]></OptionId></OptionIds></SelectedItem></SelectedItems>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.EventKey, m.TaskID, m.CardType, m.ResponseCode = EventTemplateCard, "approve:42", "t42", "vote_interaction", "rc1"
				m.SelectedItems = []SelectedItem{{QuestionKey: "q1", OptionIDs: []string{"o1", "o2"}}, {QuestionKey: "q2", OptionIDs: []string{"o9"}}}
			})},
		{"template_card_menu_event", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_menu_event]]></Event><EventKey><![CDATA[mute]]></EventKey><TaskId><![CDATA[t1]]></TaskId><CardType><![CDATA[text_notice]]></CardType><ResponseCode><![CDATA[rc2]]></ResponseCode>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.EventKey, m.TaskID, m.CardType, m.ResponseCode = EventTemplateCardMenu, "mute", "t1", "text_notice", "rc2"
			})},
		{"change_contact create_user", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><Name><![CDATA[张三]]></Name><Department><![CDATA[1,2,3]]></Department><MainDepartment>1</MainDepartment><IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept><DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader><Position><![CDATA[产品经理]]></Position><Mobile>13800000000</Mobile><Email><![CDATA[zs@x.example]]></Email><Status>1</Status>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.ChangeType, m.UserID, m.Name, m.Department, m.MainDepartment = EventChangeContact, ChangeCreateUser, "zhangsan", "张三", "1,2,3", 1
				m.IsLeaderInDept, m.DirectLeader, m.Position, m.Mobile, m.Email, m.Status = "1,0,0", "lisi,wangwu", "产品经理", "13800000000", "zs@x.example", 1
			})},
		{"change_contact update_user renamed", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>update_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><NewUserID><![CDATA[zhangsan2]]></NewUserID><Status>5</Status>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.ChangeType, m.UserID, m.NewUserID, m.Status = EventChangeContact, ChangeUpdateUser, "zhangsan", "zhangsan2", 5
			})},
		{"change_contact create_party", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType>create_party</ChangeType><Id>11</Id><Name><![CDATA[华北区]]></Name><ParentId><![CDATA[3]]></ParentId><Order>100</Order>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.ChangeType, m.PartyID, m.Name, m.ParentID, m.Order = EventChangeContact, ChangeCreateParty, 11, "华北区", 3, 100
			})},
		{"change_contact update_tag", `<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event><ChangeType><![CDATA[update_tag]]></ChangeType><TagId>7</TagId><AddUserItems><![CDATA[a,b]]></AddUserItems><DelPartyItems><![CDATA[2]]></DelPartyItems>`,
			with(base(MsgEvent), func(m *Message) {
				m.Event, m.ChangeType, m.TagID, m.AddUserItems, m.DelPartyItems = EventChangeContact, ChangeUpdateTag, 7, "a,b", "2"
			})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseMessage([]byte("<xml>" + head + tc.xml + "</xml>"))
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", *got, tc.want)
			}
			// What the emulator marshals must parse back to the same thing.
			raw, err := xml.Marshal(got)
			if err != nil {
				t.Fatal(err)
			}
			again, err := ParseMessage(raw)
			if err != nil || !reflect.DeepEqual(*again, tc.want) {
				t.Errorf("round trip: %+v, %v", again, err)
			}
		})
	}
}

func TestParseMessageRejects(t *testing.T) {
	for _, raw := range []string{"", "<xml>", "<xml><MsgId>x</MsgId><MsgType>text</MsgType></xml>", "<xml><Content>no type</Content></xml>"} {
		if _, err := ParseMessage([]byte(raw)); !errors.Is(err, ErrMalformed) {
			t.Errorf("ParseMessage(%q) err = %v, want ErrMalformed", raw, err)
		}
	}
}

func TestDedupeKey(t *testing.T) {
	click := with(base(MsgEvent), func(m *Message) { m.Event, m.EventKey, m.TaskID = EventTemplateCard, "approve", "t1" })
	// WeCom sends address-book changes from "sys", many in one second.
	contact := with(base(MsgEvent), func(m *Message) { m.FromUserName, m.Event = "sys", EventChangeContact })
	cases := []struct {
		name string
		m    Message
		want string
	}{
		{"message", with(base(MsgText), func(m *Message) { m.MsgID = 99 }), "msg:99"},
		{"unknown message type still has MsgId", with(base("hologram"), func(m *Message) { m.MsgID = 98 }), "msg:98"},
		{"enter_agent", with(base(MsgEvent), func(m *Message) { m.Event = EventEnterAgent }), "evt:agent1:1700000000:enter_agent::"},
		{"card click", click, "evt:agent1:1700000000:template_card_event:approve:t1"},
		{"other button, same second", with(click, func(m *Message) { m.EventKey = "reject" }), "evt:agent1:1700000000:template_card_event:reject:t1"},
		{"change_contact", with(contact, func(m *Message) { m.ChangeType, m.UserID = ChangeCreateUser, "zhangsan" }),
			"evt:sys:1700000000:change_contact:::create_user:zhangsan::0:0"},
		{"another member, same second", with(contact, func(m *Message) { m.ChangeType, m.UserID = ChangeCreateUser, "lisi" }),
			"evt:sys:1700000000:change_contact:::create_user:lisi::0:0"},
		{"a rename, same second", with(contact, func(m *Message) { m.ChangeType, m.UserID, m.NewUserID = ChangeUpdateUser, "lisi", "lisi2" }),
			"evt:sys:1700000000:change_contact:::update_user:lisi:lisi2:0:0"},
		{"a department, same second", with(contact, func(m *Message) { m.ChangeType, m.PartyID = ChangeCreateParty, 11 }),
			"evt:sys:1700000000:change_contact:::create_party:::11:0"},
		{"a tag, same second", with(contact, func(m *Message) { m.ChangeType, m.TagID = ChangeUpdateTag, 7 }),
			"evt:sys:1700000000:change_contact:::update_tag:::0:7"},
	}
	seen := map[string]bool{}
	for _, tc := range cases {
		got := tc.m.DedupeKey()
		if got != tc.want {
			t.Errorf("%s: DedupeKey = %q, want %q", tc.name, got, tc.want)
		}
		if seen[got] {
			t.Errorf("%s: key %q collides", tc.name, got)
		}
		seen[got] = true
	}
}

func TestDepartments(t *testing.T) {
	cases := []struct {
		in   string
		want []int64
		ok   bool
	}{{"", nil, true}, {"1", []int64{1}, true}, {"1, 2,3", []int64{1, 2, 3}, true}, {"1,x", nil, false}}
	for _, tc := range cases {
		got, err := (&Message{Department: tc.in}).Departments()
		if (err == nil) != tc.ok || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Departments(%q) = %v, %v", tc.in, got, err)
		}
	}
}
