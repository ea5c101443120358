package wecom

// Card types of template_card.
const (
	CardTextNotice          = "text_notice"
	CardNewsNotice          = "news_notice"
	CardButtonInteraction   = "button_interaction"
	CardVoteInteraction     = "vote_interaction"
	CardMultipleInteraction = "multiple_interaction"
)

// Button kinds and styles of button_interaction.
const (
	ButtonCallback = 0 // click sends template_card_event with the key
	ButtonURL      = 1 // click opens URL
)

// TemplateCard is message/send's template_card object, and the card of
// update_template_card. Only the fields this project uses are modelled.
type TemplateCard struct {
	CardType              string              `json:"card_type"`
	Source                *CardSource         `json:"source,omitempty"`
	ActionMenu            *ActionMenu         `json:"action_menu,omitempty"`
	TaskID                string              `json:"task_id,omitempty"`
	MainTitle             *CardTitle          `json:"main_title,omitempty"`
	QuoteArea             *QuoteArea          `json:"quote_area,omitempty"`
	EmphasisContent       *CardTitle          `json:"emphasis_content,omitempty"`
	SubTitleText          string              `json:"sub_title_text,omitempty"`
	HorizontalContentList []HorizontalContent `json:"horizontal_content_list,omitempty"`
	JumpList              []CardJump          `json:"jump_list,omitempty"`
	CardAction            *CardAction         `json:"card_action,omitempty"`
	ButtonList            []CardButton        `json:"button_list,omitempty"`
	Checkbox              *Checkbox           `json:"checkbox,omitempty"`
	SelectList            []SelectQuestion    `json:"select_list,omitempty"`
	SubmitButton          *SubmitButton       `json:"submit_button,omitempty"`
	ReplaceText           string              `json:"replace_text,omitempty"` // updates of vote/multiple cards
}

// CardSource is the app line at the top of a card.
type CardSource struct {
	IconURL   string `json:"icon_url,omitempty"`
	Desc      string `json:"desc,omitempty"`
	DescColor int    `json:"desc_color,omitempty"` // 0 grey, 1 black, 2 red, 3 green
}

// ActionMenu is the "…" menu; its clicks arrive as template_card_menu_event.
type ActionMenu struct {
	Desc       string       `json:"desc,omitempty"`
	ActionList []MenuAction `json:"action_list"`
}

// MenuAction is one entry of ActionMenu.
type MenuAction struct {
	Text string `json:"text"`
	Key  string `json:"key"`
}

// CardTitle is main_title and emphasis_content.
type CardTitle struct {
	Title string `json:"title,omitempty"`
	Desc  string `json:"desc,omitempty"`
}

// QuoteArea is the grey quote block.
type QuoteArea struct {
	Type      int    `json:"type,omitempty"` // 0 none, 1 url, 2 mini program
	URL       string `json:"url,omitempty"`
	Title     string `json:"title,omitempty"`
	QuoteText string `json:"quote_text,omitempty"`
}

// HorizontalContent is one "key: value" line.
type HorizontalContent struct {
	Type    int    `json:"type,omitempty"` // 0 text, 1 url, 2 media, 3 member
	KeyName string `json:"keyname"`
	Value   string `json:"value,omitempty"`
	URL     string `json:"url,omitempty"`
	MediaID string `json:"media_id,omitempty"`
	UserID  string `json:"userid,omitempty"`
}

// CardJump is one link under the card.
type CardJump struct {
	Type  int    `json:"type,omitempty"` // 0 none, 1 url, 2 mini program
	Title string `json:"title"`
	URL   string `json:"url,omitempty"`
}

// CardAction is where a click on the card body leads.
type CardAction struct {
	Type int    `json:"type"` // 0 none, 1 url, 2 mini program
	URL  string `json:"url,omitempty"`
}

// CardButton is one button of a button_interaction card.
type CardButton struct {
	Type  int    `json:"type,omitempty"`  // ButtonCallback or ButtonURL
	Text  string `json:"text"`            // label
	Style int    `json:"style,omitempty"` // 1..4
	Key   string `json:"key,omitempty"`   // callback buttons: comes back as EventKey
	URL   string `json:"url,omitempty"`   // url buttons
}

// Checkbox is the question of a vote_interaction card.
type Checkbox struct {
	QuestionKey string       `json:"question_key"`
	Mode        int          `json:"mode,omitempty"` // 0 single, 1 multiple
	OptionList  []CardOption `json:"option_list"`
}

// SelectQuestion is one drop-down of a multiple_interaction card.
type SelectQuestion struct {
	QuestionKey string       `json:"question_key"`
	Title       string       `json:"title,omitempty"`
	SelectedID  string       `json:"selected_id,omitempty"`
	OptionList  []CardOption `json:"option_list"`
}

// CardOption is one choice of a Checkbox or SelectQuestion.
type CardOption struct {
	ID        string `json:"id"`
	Text      string `json:"text"`
	IsChecked bool   `json:"is_checked,omitempty"`
}

// SubmitButton ends vote and multiple cards.
type SubmitButton struct {
	Text string `json:"text"`
	Key  string `json:"key"`
}

// TextCard is message/send's textcard object.
type TextCard struct {
	Title       string `json:"title"`
	Description string `json:"description"` // <div class="gray|normal|highlight">
	URL         string `json:"url"`
	BtnTxt      string `json:"btntxt,omitempty"` // default 详情
}
