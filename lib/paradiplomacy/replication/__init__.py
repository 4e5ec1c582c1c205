"""replication layer of paradiplomacy (see ARCHITECTURE.md)."""
