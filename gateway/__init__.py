"""Discord: the interactions.py client, handlers, rendering, the REST port and the local emulator."""
