"""`python -m bot.web`: run the app server with settings from the environment."""

from bot.settings import load_settings
from bot.web.app import main

main(load_settings())
