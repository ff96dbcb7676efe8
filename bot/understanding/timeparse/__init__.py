"""Dutch incident-time expressions to datetimes (parse_time in parse.py)."""
