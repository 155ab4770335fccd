"""Fonts: finding a TrueType CJK font, the STSong-Light fallback, rare characters, long answers that wrap."""

from __future__ import annotations

import struct

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from test_pdf_support import housing_answers, pdf_text, sample_store

from reports.pdf import ReportError
from reports.pdf import fonts as font_finder
from reports.pdf import glyphs
from reports.pdf.fonts import FontSource, is_truetype_outline, parse_font_choice
from reports.pdf.glyphs import MISSING_MARK, CoverageFont, ReportFonts
from reports.pdf.styles import MARGIN_X, PAGE_SIZE
from reports.pdf.writers import write_building_report

RARE = "㙍𠮷鿏"
LONG_ANSWER = "屋面防水层老化导致雨季渗漏需要尽快维修" * 60 + "A" * 400


def font_file(tmp_path, name: str, flavour: bytes, index_of_collection: int | None = None):
    path = tmp_path / name
    if index_of_collection is None:
        path.write_bytes(flavour + b"\0" * 60)
    else:  # a two-face collection whose second face has `flavour`
        header = b"ttcf" + struct.pack(">IIII", 0x00010000, 2, 20, 24)
        path.write_bytes(header + b"\x00\x01\x00\x00" + flavour + b"\0" * 60)
    return path


def test_truetype_outlines_are_told_from_cff(tmp_path):
    assert is_truetype_outline(FontSource(font_file(tmp_path, "a.ttf", b"\x00\x01\x00\x00")))
    assert not is_truetype_outline(FontSource(font_file(tmp_path, "b.otf", b"OTTO")))
    collection = font_file(tmp_path, "c.ttc", b"OTTO", index_of_collection=1)
    assert is_truetype_outline(FontSource(collection, 0))
    assert not is_truetype_outline(FontSource(collection, 1))
    assert not is_truetype_outline(FontSource(collection, 5))


def test_a_chosen_font_must_exist_and_be_embeddable(tmp_path):
    with pytest.raises(ReportError) as missing:
        parse_font_choice(tmp_path / "没有.ttf")
    with pytest.raises(ReportError) as cff:
        parse_font_choice(font_file(tmp_path, "cff.otf", b"OTTO"))
    assert missing.value.code == cff.value.code == "report-001"
    chosen = parse_font_choice(f"{font_file(tmp_path, 'c.ttc', b'true', index_of_collection=1)}#1")
    assert chosen.index == 1


def test_the_font_setting_comes_from_the_environment(tmp_path, monkeypatch):
    path = font_file(tmp_path, "env.ttf", b"\x00\x01\x00\x00")
    monkeypatch.setenv(font_finder.FONT_ENV, str(path))
    assert font_finder.find_cjk_font() == FontSource(path)


def test_fontconfig_lines_keep_only_truetype_faces():
    assert font_finder._parse_fc_line("/f/wqy.ttc: :index=1:fontformat=TrueType", True) == \
        FontSource(font_finder.Path("/f/wqy.ttc"), 1)
    assert font_finder._parse_fc_line("/f/noto.ttc: :index=2:fontformat=CFF", True) is None
    assert font_finder._parse_fc_line("/f/noto.ttc: :index=2:fontformat=CFF", False) is not None


def test_characters_beyond_the_bmp_get_surrogate_pairs_in_to_unicode():
    cmap = font_finder._to_unicode_cmap("F", [0x4E2D, 0x20BB7])
    assert "<00> <4E2D>" in cmap and "<01> <D842DFB7>" in cmap


def test_text_is_escaped_and_uncovered_characters_never_become_boxes():
    latin_only = ReportFonts(CoverageFont("Helvetica", frozenset(range(32, 127)), None), (),
                             glyph_sources=lambda code: [])
    assert latin_only.markup("a<b & c>", 9) == "a&lt;b &amp; c&gt;"
    assert latin_only.markup("x𠮷", 9) == "x" + MISSING_MARK
    assert latin_only.single_font("x𠮷") == ("Helvetica", "x" + MISSING_MARK)


def test_without_any_system_font_reports_fall_back_to_stsong(tmp_path, monkeypatch):
    monkeypatch.delenv(font_finder.FONT_ENV, raising=False)
    monkeypatch.setattr(glyphs, "find_cjk_font", lambda choice=None: None)
    fonts = glyphs.load_report_fonts.__wrapped__(None)
    assert fonts.name == "STSong-Light" and not fonts.embedded
    db, catalog, _store = sample_store(tmp_path)
    path = write_building_report(db, catalog, "5001030010009999", tmp_path / "b.pdf", fonts=fonts)
    db.close()
    assert "楼栋体检报告" in pdf_text(path)
    font_names = {str(font["/BaseFont"]) for page in PdfReader(str(path)).pages
                  for font in page["/Resources"]["/Font"].values()}
    assert any("STSong-Light" in name for name in font_names)


def rare_font_available() -> bool:
    fonts = glyphs.report_fonts()
    return all(MISSING_MARK not in fonts.markup(ch, 9) for ch in RARE)


@pytest.mark.skipif(not rare_font_available(), reason="no font on this machine has 㙍 𠮷 鿏 (install fonts-hanazono)")
def test_rare_characters_print_and_long_answers_wrap_inside_the_page(tmp_path):
    db, catalog, store = sample_store(tmp_path)
    answers = {**housing_answers(db), "building_code": "R-1", "address": f"重庆市渝中区{RARE}巷8号",
               "building_name": f"{RARE}楼", "notes": LONG_ANSWER}
    store.create("housing_safety", inspector="李明", answers=answers)
    path = write_building_report(db, catalog, "R-1", tmp_path / "rare.pdf")
    db.close()
    fonts = glyphs.report_fonts()
    embedded = [ch for ch in RARE if "<img" not in fonts.markup(ch, 9)]
    text = pdf_text(path)
    assert all(ch in text for ch in embedded)   # rasterised ones are pictures, not text
    assert MISSING_MARK not in text
    runs = text_runs(path, fonts.name)
    right_edge = PAGE_SIZE[0] - MARGIN_X + 1 * mm
    long_lines = [run for run in runs if len(run[2].strip()) >= 10 and set(run[2].strip()) <= set(LONG_ANSWER)]
    assert len(long_lines) > 10                 # wrapped onto many lines …
    assert all(x + width <= right_edge for x, width, _ in long_lines)   # … none running off the page


def text_runs(path, font_name: str) -> list[tuple[float, float, str]]:
    """(x, width, text) of every line drawn, from pypdf's text visitor."""
    runs = []

    def visit(text, cm, tm, _font, size):
        if text.strip():
            x = cm[4] + tm[4] * cm[0]
            runs.append((x, stringWidth(text.strip(), font_name, size), text))

    for page in PdfReader(str(path)).pages:
        page.extract_text(visitor_text=visit)
    return runs
