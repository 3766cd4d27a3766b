"""Data files and static resources shipped with Daniel."""
