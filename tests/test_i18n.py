"""Every text exists in English and Arabic."""

from custodes.i18n import catalogue, t


def test_every_key_has_both_languages() -> None:
    missing = [k for k, v in catalogue().items() if not v.get("en") or not v.get("ar")]
    assert not missing


def test_formatting_and_fallback() -> None:
    assert "2803" in t("report.subtitle", "ar", resolution="2803", start="a", end="b")
    assert t("no.such.key", "ar") == "no.such.key"
