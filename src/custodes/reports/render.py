"""Turn a report's figures and charts into HTML, and HTML into PDF (WeasyPrint), both carrying the
figures in machine-readable form: a ``<script type="application/json" id="custodes-figures">`` block in
HTML, and an embedded file ``custodes-figures.json`` in the PDF."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from custodes.errors import InputError
from custodes.i18n import catalogue, direction, t
from custodes.reports.figures import Figure, FigureSet

__all__ = ["FIGURES_NAME", "Chart", "Section", "display_number", "extract_figures", "to_html", "to_pdf"]

FIGURES_NAME = "custodes-figures.json"
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
)


_NUMBER = re.compile(r"(-?)(\d+)(\.\d+)?")


def display_number(value: object) -> str:
    """A figure's value as a reader sees it: whole parts of four digits or more grouped by thousands
    (``21799`` -> ``21,799``; ``24111842.11 USD`` -> ``24,111,842.11 USD``); anything else (dates, codes)
    as it is. Presentation only: the embedded figures keep the exact values.

    >>> display_number(21799), display_number("308652.2"), display_number("2027-12-31"), display_number(600)
    ('21,799', '308,652.2', '2027-12-31', '600')
    """
    text = str(value)
    head, sep, rest = text.partition(" ")
    m = _NUMBER.fullmatch(head)
    if m is None or len(m.group(2)) < 4:
        return text
    return f"{m.group(1)}{int(m.group(2)):,}{m.group(3) or ''}{sep}{rest}"


def _isolated(lang: str) -> object:
    """``ti(key, **values)``: the text for ``key`` with each value isolated left to right (``<bdi dir="ltr">``),
    so dates, symbols, roots and addresses keep their order inside Arabic sentences."""
    def ti(key: str, **values: object) -> Markup:
        entry = catalogue()[key]
        text = entry.get(lang) or entry["en"]
        isolated = {k: Markup('<bdi dir="ltr">{}</bdi>').format(v) for k, v in values.items()}
        return Markup(escape(text)).format(**isolated)
    return ti


@dataclass(frozen=True, slots=True)
class Chart:
    caption: str
    png_b64: str


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    figures: Sequence[Figure]
    charts: Sequence[Chart] = field(default_factory=tuple)
    notes: Sequence[str] = field(default_factory=tuple)


def to_html(figs: FigureSet, sections: Sequence[Section], *, lang: str, resolution: str, exercise: bool,
            names: Mapping[str, str] | None = None) -> str:
    """The report as one self-contained HTML document; ``names`` shows breakdown keys (P-codes, crossing ids)
    by their names in ``lang`` (the embedded figures keep the keys)."""
    payload = json.dumps(figs.as_json(), ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return _ENV.get_template("report.html.j2").render(
        lang=lang, dir=direction(lang), period=figs.period, checkpoint=figs.checkpoint, sections=sections,
        resolution=resolution, exercise=exercise, figures_json=Markup(payload), names=names or {},
        t=lambda key, **kw: t(key, lang, **kw), ti=_isolated(lang), num=display_number,
        unit=lambda u: t("unit." + u, lang) if ("unit." + u) in catalogue() else u,
    )


def to_pdf(html: str, figs: FigureSet) -> bytes:
    """Render ``html`` to PDF with the figures attached as ``custodes-figures.json``."""
    import weasyprint  # heavy; imported only when a PDF is made

    attachment = weasyprint.Attachment(
        string=json.dumps(figs.as_json(), ensure_ascii=False, sort_keys=True), name=FIGURES_NAME,
        description="Custodes report figures, recomputable from the public log")
    pdf: bytes = weasyprint.HTML(string=html).write_pdf(attachments=[attachment])
    return pdf


def extract_figures(path: Path) -> FigureSet:
    """Read the machine-readable figures back from a report (PDF or HTML)."""
    data = path.read_bytes()
    if data.startswith(b"%PDF"):
        from pypdf import PdfReader

        found = PdfReader(path).attachments.get(FIGURES_NAME)
        if not found:
            raise InputError(f"no {FIGURES_NAME} embedded: not a Custodes report", source=str(path))
        raw = found[0]
    else:
        text = data.decode("utf-8", errors="replace")
        start = text.find('<script type="application/json" id="custodes-figures">')
        if start < 0:
            raise InputError("no custodes-figures block: not a Custodes report", source=str(path))
        body = text[text.index(">", start) + 1: text.index("</script>", start)]
        raw = body.replace("<\\/", "</").encode()
    try:
        return FigureSet.from_json(json.loads(raw))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"the embedded figures are malformed: {exc}", source=str(path)) from None
