"""Tables, migrations and the db_* functions; they take a session and never commit."""
