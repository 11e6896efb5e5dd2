-- Administrators find users by the start of their display name, case-insensitively (GET /admin/users?q=).
-- The expression is the one JdbiUserRepository.search compares, so PostgreSQL reads only the matching names.
CREATE INDEX users_display_name_search_idx ON users ((lower(display_name) COLLATE "C"));
