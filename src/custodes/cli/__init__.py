"""The ``custodes`` command line: one command group per area, thin calls into services."""
