-- The notification outbox. Rows are written in the same transaction as the
-- change they announce, so a committed change always gets its notice, and
-- delivered by workers in every instance. dedupe_key makes enqueueing the
-- same notice twice a no-op. Only the oldest unsent notice of a recipient
-- is ever in flight, which keeps one recipient's notices in order.

-- +goose Up
CREATE TABLE outbox (
    id               {{.ID}},
    dedupe_key       VARCHAR(190) NOT NULL,
    channel          VARCHAR(24)  NOT NULL,
    recipient        VARCHAR(190) NOT NULL,
    ticket_id        BIGINT       NOT NULL DEFAULT 0,
    kind             VARCHAR(48)  NOT NULL,
    payload          {{.LongText}} NOT NULL,
    status           VARCHAR(16)  NOT NULL DEFAULT 'pending',
    attempts         INT          NOT NULL DEFAULT 0,
    last_error       VARCHAR(500) NOT NULL DEFAULT '',
    claimed_by       VARCHAR(64)  NOT NULL DEFAULT '',
    claimed_until    {{.Time}}    NULL,
    digest_id        BIGINT       NOT NULL DEFAULT 0,
    created_at       {{.Time}}    NOT NULL,
    next_attempt_at  {{.Time}}    NOT NULL,
    sent_at          {{.Time}}    NULL
) {{.Opts}};
CREATE UNIQUE INDEX uk_outbox_dedupe ON outbox (dedupe_key);
-- Claim scan: due rows in id order.
CREATE INDEX idx_outbox_due ON outbox (status, next_attempt_at, id);
-- Per-recipient head check and backlog reads.
CREATE INDEX idx_outbox_recipient ON outbox (channel, recipient, status, id);

-- +goose Down
DROP TABLE outbox;
