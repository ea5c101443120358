-- The chat bot's tables.
--
-- chat_turns: which chat messages were handled. A row is written in the
-- same transaction as the message's effect and its replies, so a message
-- processed again after a crash (effect committed, inbox not yet
-- acknowledged) is recognised and changes nothing twice.
--
-- chat_state: open dialogs on the embedded stack, whose in-process
-- session store dies with the process; with Redis they live there.

-- +goose Up
CREATE TABLE chat_turns (
    turn_key    VARCHAR(190) NOT NULL PRIMARY KEY,
    created_at  {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_chat_turns_created ON chat_turns (created_at);

CREATE TABLE chat_state (
    state_key    VARCHAR(190) NOT NULL PRIMARY KEY,
    state_value  BLOB         NOT NULL,
    expires_at   {{.Time}}    NOT NULL
) {{.Opts}};
CREATE INDEX idx_chat_state_expires ON chat_state (expires_at);

-- +goose Down
DROP TABLE chat_state;
DROP TABLE chat_turns;
