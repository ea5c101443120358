-- A member's app messages about one ticket go out in order across
-- channels: the claim looks for an earlier one of the same recipient and
-- ticket that is due or being sent.

-- +goose Up
CREATE INDEX idx_outbox_conversation ON outbox (recipient, ticket_id, status, id);

-- +goose Down
DROP INDEX idx_outbox_conversation{{if .Opts}} ON outbox{{end}};
