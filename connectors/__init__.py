"""Rasa input/output channels of our own. They run inside the Rasa process (.venv-rasa)."""
