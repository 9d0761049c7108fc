"""Storage: the SQLite or PostgreSQL engine, the one-writer unit of work, migrations and shipped profiles."""
