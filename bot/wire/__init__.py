"""Standard library only: what connectors/ (in the Rasa environment) may import from bot."""
