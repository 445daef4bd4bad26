"""A sample compliance report, rendered so a person can look at it: page 1 of the PDF as a PNG.

Run from the repository root::

    .venv/bin/python bench/report_preview.py [--out docs/report-sample.png] [--scale 1.0] [--keep DIR]

It builds a throwaway system (SQLite and a root key in a temporary directory), the way the tests
do: a signed-in officer, an agent who never enrolled MFA (so the MFA items fail, naming him), and
one signed attestation. Then `kawal audit report --framework all` as PDF, page 1 (the title page
with the header and one chart per framework) rendered with pypdfium2 to a PNG. With --keep DIR the
PDF, HTML and OCSF files are kept there too. Needs the dev extra (pypdfium2, Pillow).
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pypdfium2 as pdfium

from compliance.render import render_bytes
from kawal.compliance import attestations, frameworks
from kawal.reports import build_report
from kawal.db import make_engine, upgrade
from kawal.services import build_services
from kawal.settings import Settings
from vault import FileKeyProvider

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "report-sample.png")
    parser.add_argument("--scale", type=float, default=1.0, help="1.0 = 72 dpi (842 x 595 px for A4 landscape)")
    parser.add_argument("--keep", type=Path, help="also write report.pdf, report.html and report.ocsf.json here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'kawal.db'}"
        key = Path(tmp) / "root.key"
        FileKeyProvider.create(key)
        engine = make_engine(url)
        upgrade(engine, url)
        services = build_services(Settings(database_url=url, root_key_file=key), engine=engine)
        try:
            services.vault.put("cust-1", {"phone": "081288774410"})
            services.auth.create_user("budi", "correct horse battery staple", "agent")  # never enrols MFA
            manual = next(r for r in frameworks(services)["uupdp"].requirements if r.attestation is not None)
            attestations(services).attest("uupdp", manual.id, by="dpo",
                                          statement="Pejabat pelindungan data ditunjuk 2026-02-01, surat HR/2026/17")
            report = build_report(services, "all", actor="dpo", fmt="pdf")
        finally:
            services.close()
            engine.dispose()

    pdf = render_bytes(report, "pdf")
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        for name, fmt in (("report.pdf", "pdf"), ("report.html", "html"), ("report.ocsf.json", "ocsf")):
            (args.keep / name).write_bytes(pdf if fmt == "pdf" else render_bytes(report, fmt))
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[0].render(scale=args.scale).to_pil()
        args.out.parent.mkdir(parents=True, exist_ok=True)
        image.convert("P", palette=1, colors=64).save(args.out, optimize=True)  # 1 = Image.Palette.ADAPTIVE
        print(f"{args.out}: page 1 of {len(document)}, {image.width}x{image.height} px, "
              f"{args.out.stat().st_size} bytes; content hash {report.content_hash}")
    finally:
        document.close()


if __name__ == "__main__":
    main()
