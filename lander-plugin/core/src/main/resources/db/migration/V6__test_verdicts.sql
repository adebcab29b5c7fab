-- The verdicts of each subticket's tests (docs/ticket-system.md): a JSON array of
-- {test, result, superficial, flaky, detail}, written when the tests end; NULL before.
ALTER TABLE subticket ADD COLUMN tests TEXT;
