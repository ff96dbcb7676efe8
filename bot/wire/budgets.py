"""The timeouts of a worker's message and the database connection budget, in one place.

The timeouts nest: whoever waits longer sits further out (browser > app server > Rasa's call to
the action server > one database statement), so no layer gives up while an inner one goes on.

Standard library only: connectors/ (Rasa process) read the action timeout from here.
A unit test (tests/bot/wire/test_budgets.py) keeps the order.
"""

from __future__ import annotations

# Database: connecting, one statement, waiting for a lock (PostgreSQL), waiting for the SQLite
# write lock. Each is shorter than the action timeout, so an action learns of a stuck database
# in time to tell the worker "NIET opgeslagen" before Rasa gives up on the action.
DB_CONNECT_SECONDS = 3
DB_STATEMENT_SECONDS = 5
DB_LOCK_SECONDS = 3
SQLITE_BUSY_SECONDS = 5
# How long a request waits for a free connection of the pool.
DB_POOL_WAIT_SECONDS = 5

# Rasa waits this long for one call to the action server (Rasa's own default is 300 s).
ACTION_SECONDS = 15

# The app server answers the chat page after this long at the latest. When Rasa is still busy
# then, the page hears "it takes longer" (not "not sent") and the answer comes through the event
# stream once Rasa gives it.
PAGE_WAIT_SECONDS = 30

# The app server's whole wait for Rasa's answer; several slow actions can make up one turn.
RASA_SECONDS = 120

# chat.js aborts its request after this long (CLIENT_TIMEOUT_MS); a test reads the file.
BROWSER_SECONDS = 45

# Connections per process: 4 kept, 4 more under load. With every process running (app server,
# action server, worker, dashboard, a CLI call: 5 x 8 = 40) plus Rasa's tracker store
# (TRACKER_POOL_SIZE + TRACKER_MAX_OVERFLOW = 20, given to Rasa as SQL_POOL_SIZE and
# SQL_MAX_OVERFLOW by bot/runtime/supervisor.py; Rasa's own default is 50 + 100) that is 60 of
# PostgreSQL's default max_connections=100, leaving room for psql and migrations.
POOL_SIZE = 4
POOL_MAX_OVERFLOW = 4
TRACKER_POOL_SIZE = 10
TRACKER_MAX_OVERFLOW = 10
POSTGRESQL_DEFAULT_MAX_CONNECTIONS = 100
