"""Dutch text to facts: extraction, time parsing, the aggression-type classifier. Pure: no database, no dialogue state."""
