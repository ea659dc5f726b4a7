"""The schema migrations: yoyo SQL files (``NNNN.name.sql`` and its ``.rollback.sql``) read by ``store._migrate``.

A package, not just a folder, so that it is installed with the bot (a wheel carries the ``*.sql`` files as
package data) and found through ``importlib.resources`` wherever the bot runs from.
"""
