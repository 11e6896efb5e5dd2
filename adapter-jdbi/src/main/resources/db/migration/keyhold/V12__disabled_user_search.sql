-- The administrators' list of disabled users (GET /admin/users?status=disabled), in email order. Disabled users are
-- few, so the index is small; without it the list walked users_email_search_idx past every active user and filtered
-- them out one by one (0.9 s a page at ten million users). JdbiUserRepository writes the status as a literal so that
-- the planner can match this index's predicate in every plan, a prepared statement's generic one too. On a large
-- installation an operator may build it beforehand with CREATE INDEX CONCURRENTLY under this name; then this finds it.
CREATE INDEX IF NOT EXISTS users_disabled_search_idx ON users (email_normalized COLLATE "C", id) WHERE status = 'disabled';
