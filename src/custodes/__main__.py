"""``python -m custodes`` runs the command line."""

from custodes.cli.main import main

main()
