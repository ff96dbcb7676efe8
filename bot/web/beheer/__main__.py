"""`python -m bot.web.beheer`: the dashboard as its own process (VPT_DASHBOARD=own)."""

from bot.settings import load_settings
from bot.web.app import main_dashboard

main_dashboard(load_settings())
