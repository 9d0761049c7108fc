"""The Security Council: membership per year, resolutions, votes and the mandates they give."""
