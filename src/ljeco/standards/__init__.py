"""National standards as pure, versioned functions.

Nothing here touches the database, the network or the clock. Each function names the standard, edition, clause and
table it implements; each table carries its source and verification status.
"""
