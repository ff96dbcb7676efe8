"""The PDFs as a reader sees them: text, letterhead, escaping, tags for screen readers, PDF/A."""

from __future__ import annotations

import base64
import io
import struct
import zlib
from datetime import timedelta

import pytest
from pypdf import PdfReader

from bot.cli.main import main
from bot.services.documents import (
    MAX_LOGO_BYTES,
    aangifte_sheet,
    response_document,
    set_letterhead,
)
from bot.services.pdf import html_to_pdf
from bot.storage.models import Report
from tests.bot.services.test_documents import env  # noqa: F401 - fixture
from tests.conftest import AMS
from tests.pdf_reading import pdf_text

ADDRESS = "Stadhuisplein 1\n9999 ZZ Teststad"
HOSTILE = 'hij schreeuwde <script>alert("x")</script> en <b>duwde</b> mij & liep weg'


def _png(width: int = 4, height: int = 2) -> bytes:
    """A small valid RGB PNG, made by hand so the test needs no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\x15\x42\x73" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _documents(factory, report_id, now):
    with factory() as session:
        report = session.get(Report, report_id)
        sheet = aangifte_sheet(report, AMS)
        letter = response_document(report, "locatieverbod", AMS, today=now + timedelta(days=1))
    return sheet, letter


def _letterhead(factory, now, **extra):
    set_letterhead(
        factory, "Gemeente Teststad", now=now, address=ADDRESS,
        contact_name="A. Jansen, coördinator VPT", contact_phone="14 0999",
        contact_email="vpt@teststad.nl", **extra,
    )  # fmt: skip


def _structure_types(reader: PdfReader) -> set[str]:
    seen: set[str] = set()

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif hasattr(node, "get"):
            if "/S" in node:
                seen.add(str(node["/S"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return seen


def _images(reader: PdfReader) -> int:
    """The images on page 1 (the letterhead is printed there)."""
    xobjects = (reader.pages[0].get("/Resources") or {}).get("/XObject") or {}
    return sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image")


def test_the_letter_pdf_reads_as_the_letter_on_the_employers_letterhead(env, now):  # noqa: F811
    factory, report_id, _ = env
    _letterhead(factory, now)
    _, letter = _documents(factory, report_id, now)
    text = pdf_text(letter.pdf())
    for sentence in (
        "Gemeente Teststad",
        "Stadhuisplein 1",
        "9999 ZZ Teststad",
        "Contactpersoon: A. Jansen, coördinator VPT",
        "Telefoon: 14 0999",
        "Datum: 24 november 2026",
        f"Kenmerk: {letter.receipt}",
        "Betreft: locatieverbod (rode kaart)",
        "Geachte heer, mevrouw,",
        "Agressie en geweld tegen onze medewerkers accepteren wij nooit.",
        "u mag drie maanden niet komen op",
        "huisvredebreuk (artikel 138 Wetboek van Strafrecht)",
        f"Vermeld daarbij het kenmerk {letter.receipt}.",
        "Met vriendelijke groet,",
        "Pagina 1 van 1",
    ):
        assert sentence in text, sentence
    assert "Dorpsstraat" not in text and "duw" not in text  # the worker's words stay out


def test_the_aangifte_pdf_has_the_sheet_and_no_home_address(env, now):  # noqa: F811
    factory, report_id, _ = env
    _letterhead(factory, now)
    sheet, _ = _documents(factory, report_id, now)
    text = pdf_text(sheet.pdf())
    for sentence in (
        "Voorbereiding aangifte",
        f"Melding {sheet.receipt}",
        "Maak een afspraak via 0900-8844; aangifte van geweld of bedreiging kan niet online.",
        "Adres voor de aangifte (werkgever, niet je huisadres)",
        "Gemeente Teststad, Stadhuisplein 1, 9999 ZZ Teststad",
        "Je kunt ook aangifte doen 'onder nummer'",
        "Wanneer het gebeurde 23 november 2026 om",
        "Soort bedreiging of intimidatie en fysiek geweld",
        "gaf me een duw tegen mijn schouder",
        "blauwe plek op mijn schouder",
        "EUR 180,00",
        "Meld je bij de strafzaak aan als benadeelde partij",
        "Vraag het aan binnen 10 jaar.",
    ):
        assert sentence in text, sentence
    assert "Dorpsstraat 12" not in text and "1234 AB" not in text and "Sanne" not in text


def test_a_story_with_html_and_script_in_it_is_printed_as_text(env, now):  # noqa: F811
    factory, report_id, _ = env
    with factory() as session, session.begin():
        report = session.get(Report, report_id)
        report.narrative = HOSTILE
        report.organisation.name = "Gemeente <i>Test</i>stad"
    sheet, letter = _documents(factory, report_id, now)
    assert "<script>" not in sheet.html() and "&lt;script&gt;" in sheet.html()
    text = pdf_text(sheet.pdf())
    assert HOSTILE in text
    assert "Gemeente <i>Test</i>stad" in pdf_text(letter.pdf())


def test_every_document_is_tagged_pdfa_in_dutch_with_its_title(env, now):  # noqa: F811
    factory, report_id, _ = env
    _letterhead(factory, now)
    for document in _documents(factory, report_id, now):
        reader = PdfReader(io.BytesIO(document.pdf()))
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root and bool(root["/MarkInfo"]["/Marked"])
        assert root["/Lang"] == "nl"
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
        xmp = root["/Metadata"].get_object().get_data().decode()
        assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="A"' in xmp
        assert f">{document.title}<" in xmp and reader.metadata.title == document.title
        assert "/OutputIntents" in root  # PDF/A needs the colour space it was made for
        types = _structure_types(reader)
        assert {"/H1", "/P"} <= types, types
        if document.kind == "sheet":
            assert {"/H2", "/Table", "/TH", "/TD", "/L", "/LI"} <= types, types
    assert reader.metadata.title.startswith("Brief ")


def test_the_logo_is_printed_with_its_alt_text_and_only_a_small_png_or_jpeg_is_taken(
    env,  # noqa: F811
    now,
):
    factory, report_id, _ = env
    sheet, _ = _documents(factory, report_id, now)
    assert _images(PdfReader(io.BytesIO(sheet.pdf()))) == 0
    _letterhead(factory, now, logo=_png())
    sheet, letter = _documents(factory, report_id, now)
    assert 'alt="Logo van Gemeente Teststad"' in letter.html()
    for document in (sheet, letter):
        assert _images(PdfReader(io.BytesIO(document.pdf()))) == 1
    for bad in (b"<svg xmlns='http://www.w3.org/2000/svg'/>", _png() + b"\0" * MAX_LOGO_BYTES):
        with pytest.raises(ValueError):
            set_letterhead(factory, "Gemeente Teststad", now=now, logo=bad)
    set_letterhead(factory, "Gemeente Teststad", now=now, remove_logo=True)
    sheet, _ = _documents(factory, report_id, now)
    assert _images(PdfReader(io.BytesIO(sheet.pdf()))) == 0


def test_rendering_reads_no_file_and_no_url_only_data_uris(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    inline = "data:image/png;base64," + base64.b64encode(_png()).decode()

    def pdf(src: str) -> PdfReader:
        page = f'<html lang="nl"><title>t</title><body><img src="{src}" alt="x"><p>x</p></body>'
        return PdfReader(io.BytesIO(html_to_pdf(page)))

    assert _images(pdf(inline)) == 1
    assert _images(pdf(logo.as_uri())) == 0
    assert _images(pdf("http://127.0.0.1:9/logo.png")) == 0


def test_cli_org_letterhead_sets_the_letterhead_of_the_pdfs(env, tmp_path, capsys):  # noqa: F811
    _, report_id, _ = env
    logo = tmp_path / "logo.png"
    logo.write_bytes(_png())
    assert (
        main(
            [
                "org-letterhead",
                "--org",
                "Gemeente Teststad",
                "--address",
                "Markt 2, 9999 ZZ Teststad",
                "--contact-name",
                "B. de Boer",
                "--contact-email",
                "vpt@teststad.nl",
                "--logo",
                str(logo),
            ]
        )  # fmt: skip
        == 0
    )
    pdf = tmp_path / "brief.pdf"
    assert main(["response-letter", str(report_id), "--kind", "gesprek", "--pdf", str(pdf)]) == 0
    text = pdf_text(pdf.read_bytes())
    assert "Markt 2" in text and "B. de Boer" in text and "E-mail: vpt@teststad.nl" in text
    assert _images(PdfReader(io.BytesIO(pdf.read_bytes()))) == 1
    bad = tmp_path / "logo.svg"
    bad.write_text("<svg/>")
    capsys.readouterr()
    assert main(["org-letterhead", "--org", "Gemeente Teststad", "--logo", str(bad)]) == 1
    assert "PNG or JPEG" in capsys.readouterr().err


def test_a_report_without_an_organisation_still_gets_a_sheet_that_says_to_ask(env, now):  # noqa: F811
    factory, report_id, _ = env
    with factory() as session, session.begin():
        session.get(Report, report_id).organisation_id = None
    sheet, letter = _documents(factory, report_id, now)
    text = pdf_text(sheet.pdf())
    assert "(adres van de werkgever: vraag het je coördinator)" in text
    assert sheet.receipt in text and "onbekend" in pdf_text(letter.pdf())
