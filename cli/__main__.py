"""``python -m cli``: the same as the ``beleid`` console command."""
from . import run

run()
