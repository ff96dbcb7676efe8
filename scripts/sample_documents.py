"""Make the 48-hour letter and the aangifte sheet of a sample report, time how long each PDF
takes, and (with --png-dir) render page 1 of each to PNG with pdftoppm (Debian: poppler-utils).
Run with the .venv interpreter:

    .venv/bin/python scripts/sample_documents.py [--runs 10] [--out DIR] [--png-dir docs]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.dialogue.draft import Draft  # noqa: E402
from bot.services.documents import aangifte_sheet, response_document, set_letterhead  # noqa: E402
from bot.services.reporting import submit_report  # noqa: E402
from bot.storage.db import make_engine, make_session_factory  # noqa: E402
from bot.storage.migrate import upgrade  # noqa: E402
from bot.storage.models import Report  # noqa: E402
from bot.storage.reports import ReporterRef  # noqa: E402

TZ = ZoneInfo("Europe/Amsterdam")
ORGANISATION = "Gemeente Voorbeeldstad"
NARRATIVE = (
    "Een klant werd boos omdat zijn uitkering later komt. Hij schreeuwde dat hij me buiten op "
    "zou wachten en gooide een stoel tegen de balie. Mijn collega heeft de beveiliging gebeld."
)


def _logo() -> bytes | None:
    """A simple sample logo (a blue square with initials), or None without DejaVu Sans Bold."""
    from PIL import Image, ImageDraw, ImageFont

    font_file = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
    if not font_file.exists():
        return None
    image = Image.new("RGB", (240, 240), (21, 66, 115))
    draw = ImageDraw.Draw(image)
    draw.text((120, 120), "GV", fill="white", anchor="mm", font=ImageFont.truetype(font_file, 110))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _sample(directory: Path):
    engine = make_engine(f"sqlite:///{directory / 'sample.db'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    now = datetime(2026, 11, 23, 15, 0, tzinfo=TZ)
    draft = Draft(
        draft_id="sample", started_at=now - timedelta(minutes=5), safe_now=True,
        narrative=NARRATIVE, types=("bedreiging", "fysieke_agressie"),
        occurred_at=now - timedelta(minutes=40), occurred_at_precision="minute",
        occurred_at_text="vanmiddag", location_type="balie_publieksruimte",
        location_text="aan de balie van het Stadskantoor", perpetrator="onbekend",
        perpetrator_relation="klant_burger", injury=False, witnesses=True,
        police_present=False, wants_aangifte=True,
        damage_text="stoel en balie beschadigd, ongeveer 250 euro",
    )  # fmt: skip
    stored = submit_report(
        factory, draft, ReporterRef("web", "web-sample", None),
        default_organisation=ORGANISATION, now=now,
    )  # fmt: skip
    set_letterhead(
        factory, ORGANISATION, now=now, logo=_logo(),
        address="Stadhuisplein 1\nPostbus 100\n9999 ZZ Voorbeeldstad",
        contact_name="A. Jansen, coördinator Veilige Publieke Taak",
        contact_phone="14 0999", contact_email="vpt@voorbeeldstad.nl",
    )  # fmt: skip
    with factory() as session:
        report = session.get(Report, stored.report_id)
        letter = response_document(report, "waarschuwingsbrief", TZ, today=now + timedelta(days=1))
        sheet = aangifte_sheet(report, TZ)
    engine.dispose()
    return {"brief-48-uur": letter, "aangifte-voorbereiding": sheet}


def _shrink(png: Path) -> None:
    """Fewer colours: the PNG stays readable and small enough to keep in the repository."""
    from PIL import Image

    with Image.open(png) as image:
        small = image.convert("RGB").quantize(colors=32)
    small.save(png, optimize=True)


def _timed(document, runs: int) -> tuple[bytes, list[float]]:
    times, pdf = [], b""
    for _ in range(runs):
        start = time.perf_counter()
        pdf = document.pdf()
        times.append(time.perf_counter() - start)
    return pdf, times


def main() -> int:
    """Write the sample PDFs, print their generation times, optionally render PNGs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--out", type=Path, help="where to write the PDFs (default: temporary)")
    parser.add_argument("--png-dir", type=Path, help="render page 1 of each PDF to PNG here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = args.out or Path(tmp)
        out.mkdir(parents=True, exist_ok=True)
        documents = _sample(Path(tmp))
        documents["brief-48-uur"].pdf()  # the first run loads fonts and pango: timed apart
        for name, document in documents.items():
            first = time.perf_counter()
            document.pdf()
            first = time.perf_counter() - first
            pdf, times = _timed(document, args.runs)
            target = out / f"{name}.pdf"
            target.write_bytes(pdf)
            print(
                f"{name}: {len(pdf) / 1024:.0f} KB, median {statistics.median(times) * 1000:.0f} ms,"
                f" min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms"
                f" over {args.runs} runs (warm; one earlier run {first * 1000:.0f} ms) -> {target}"
            )
            if args.png_dir:
                if shutil.which("pdftoppm") is None:
                    print("pdftoppm not found: apt-get install poppler-utils", file=sys.stderr)
                    return 1
                args.png_dir.mkdir(parents=True, exist_ok=True)
                subprocess.run(
                    ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile",
                     str(target), str(args.png_dir / name)],
                    check=True,
                )  # fmt: skip
                _shrink(args.png_dir / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
