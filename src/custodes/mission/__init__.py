"""The mission itself: its profile records (bodies, governorates) and its state at a glance."""
