-- The WeCom callback inbox: every verified callback is stored here before
-- it is acknowledged, so nothing WeCom was told we received can be lost.
-- dedupe_key is the source of truth for "seen before" (MsgId for
-- messages; sender+time+event(+key/task) for events).

-- +goose Up
CREATE TABLE wecom_inbox (
    id               {{.ID}},
    dedupe_key       VARCHAR(190) NOT NULL,
    from_user        VARCHAR(64)  NOT NULL,
    payload          {{.LongText}} NOT NULL,
    status           VARCHAR(16)  NOT NULL DEFAULT 'pending',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       VARCHAR(500) NOT NULL DEFAULT '',
    received_at      {{.Time}}    NOT NULL,
    next_attempt_at  {{.Time}}    NOT NULL,
    done_at          {{.Time}}    NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_wecom_inbox_dedupe ON wecom_inbox (dedupe_key);
-- A user's pending items in arrival order (per-user ordering), and the
-- recovery sweep's scan of what is due.
CREATE INDEX idx_wecom_inbox_user ON wecom_inbox (from_user, status, id);
CREATE INDEX idx_wecom_inbox_due ON wecom_inbox (status, next_attempt_at);

-- +goose Down
DROP TABLE wecom_inbox;
