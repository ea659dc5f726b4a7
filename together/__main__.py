"""``python -m together`` is the ``together`` command."""

from together.cli import main

main()
