"""paper layer of paradiplomacy (see ARCHITECTURE.md)."""
