"""A refusal's name (an :class:`~custodes.errors.IllegalTransition` code such as ``notification.too_late``)
as a sentence in the page's language, for the forms; the page keeps the code visible beside it.

Known names have ``refusal.<name>`` in messages.yaml; the names the state machines build
(``consignment.deliver_not_from_staged``, ``incident-verify-from-reported``, ``notification.final``...)
get one sentence per pattern, naming the state. Unknown names give ``None`` (the code and the English
detail are shown as they are).

>>> refusal_text("notification.too_late", "ar")
'يجب الإخطار بالتحرك قبل بدئه بالمدة الدنيا المحددة للإخطار المسبق.'
>>> refusal_text("consignment.deliver_not_from_staged", "ar")
'لا يُسمح بهذه الخطوة ما دام السجل في حالة «مجهَّز».'
>>> refusal_text("incident-verify-from-reported", "en")
'This step is not allowed while the record is reported.'
>>> refusal_text("never.heard_of", "ar") is None
True
"""

from __future__ import annotations

import re

from custodes.i18n import t

__all__ = ["refusal_text"]

_FROM_STATE = (re.compile(r"^[a-z_]+\.[a-z_]+_not_from_(?P<state>[a-z_]+)$"),
               re.compile(r"^[a-z]+-[a-z_]+-from-(?P<state>[a-z_]+)$"))
_NOT_ADDRESSEE = re.compile(r"^grievance-[a-z_]+-not-addressee$")


def _state(state: str, lang: str) -> str:
    key = f"ui.state.{state}"
    text = t(key, lang)
    return state if text == key else text


def refusal_text(name: str | None, lang: str) -> str | None:
    """The sentence for refusal ``name`` in ``lang``, or None when the name is not known."""
    if not name:
        return None
    key = f"refusal.{name}"
    text = t(key, lang)
    if text != key:
        return text
    for pattern in _FROM_STATE:
        if m := pattern.match(name):
            return t("refusal.not_from_state", lang, state=_state(m["state"], lang))
    if name.endswith(".final"):
        return t("refusal.final", lang)
    if _NOT_ADDRESSEE.match(name):
        return t("refusal.not_addressee", lang)
    return None
