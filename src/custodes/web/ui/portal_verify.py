"""The "verify this record" page's inputs: what a kind and field look like, and the script's texts.

The lookup (``app.journal.find_entry``) only says where to look: the browser fetches that entry from the log's
tiles, checks that it is the record asked for (its kind and its field's value), and checks its inclusion proof
against the signed checkpoint with the published key. A wrong answer there fails in the browser.
"""

from __future__ import annotations

import re

from custodes.i18n import catalogue, t

__all__ = ["FIELD", "KIND", "script_texts"]

JS_TEXTS = "ui.verify.js."


def script_texts(lang: str) -> dict[str, str]:
    """verify.js's steps and failure messages in ``lang`` (``{name}`` placeholders, filled in by the script)."""
    return {key.removeprefix(JS_TEXTS): t(key, lang) for key in catalogue() if key.startswith(JS_TEXTS)}

KIND = re.compile(r"^[a-z_]+\.[a-z_]+$")
FIELD = re.compile(r"^[a-z_]{1,40}$")
