"""Organisations, accounts and roles: who may read and do what, down to single fields."""
