"""methods layer of paradiplomacy (see ARCHITECTURE.md)."""
