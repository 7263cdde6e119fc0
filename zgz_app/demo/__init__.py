"""The demo (演示数据): seed 000's campaign (常州市金坛区规划局, 坛规党组发〔2018〕22号) and, after seed 001,
a second campaign running now, with plans, nominations and tracking at every step.

The units, posts, phases, deadlines and tasks are the seed's; the people's names are invented. The data
is ``data.json`` (an office clerk may edit it: days count from the day the demo is loaded); ``data`` reads
and checks it, ``loader`` creates the office, the campaigns and the plans, ``tracking`` the nominations,
seals and tracking to close-out. ``load_demo`` is idempotent: it creates what is missing and leaves what
exists alone, so the run command (``bench execute zgz_app.demo.run``) can call it every time.

The names below are the ones other code imports from ``zgz_app.demo``.
"""

from zgz_app.demo.data import DEMO_PASSWORD, DOC_NUMBER, email
from zgz_app.demo.loader import ensure_current_campaign, load_demo, run
from zgz_app.demo.tracking import seal_png, store_seal

__all__ = [
	"DEMO_PASSWORD",
	"DOC_NUMBER",
	"email",
	"ensure_current_campaign",
	"load_demo",
	"run",
	"seal_png",
	"store_seal",
]
