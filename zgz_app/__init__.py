__version__ = "0.1.0"

# Every process that loads the app (web, workers, scheduler, tests) imports this package first.
from zgz_app.log_filters import quiet_cssutils
from zgz_app.postgres import read_committed

quiet_cssutils()
read_committed()
