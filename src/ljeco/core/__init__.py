"""Cross-cutting infrastructure: settings, errors, logging, database, security, audit, time."""
