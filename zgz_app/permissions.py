"""Moved to ``zgz_app.campaign`` (专项活动). This module keeps the old dotted paths answering — the desk of a browser
opened before an upgrade, and any Server Script, report or bookmark an office made. New code imports
from ``zgz_app.campaign``."""

from zgz_app.campaign.permissions import *
