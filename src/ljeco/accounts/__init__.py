"""Users, roles and scopes, API tokens, login rate limiting, and the audit trail."""
