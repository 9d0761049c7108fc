"""English and Arabic texts for pages and reports: one catalogue, every key in both languages.

>>> t("report.title", "ar")
'التقرير المقدم إلى مجلس الأمن'
>>> direction("ar"), direction("en")
('rtl', 'ltr')
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

__all__ = ["LANGUAGES", "catalogue", "direction", "t"]

LANGUAGES = ("en", "ar")
_FILE = Path(__file__).with_name("messages.yaml")


@cache
def catalogue() -> dict[str, dict[str, str]]:
    # libyaml's parser where PyYAML has it: the pure-Python one takes most of `custodes status`'s time here
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(_FILE.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    return {str(k): {str(lang): str(text) for lang, text in v.items()} for k, v in data.items()}


def t(key: str, lang: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` (English where a language lacks it), formatted with ``values``."""
    entry = catalogue().get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def direction(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"
