"""The app server: web chat for workers and health check (aiohttp)."""
