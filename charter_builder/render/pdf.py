"""The WeasyPrint call, fenced by :class:`CharterFetcher` so nothing outside the bundle is read.

Every PDF is one of two standard kinds:

* PDF/UA-1 (the default): tagged, with a language and a displayed title, so
  screen readers can follow the charter; for board papers and publishing.
* PDF/A-3u (``RenderOptions(archive=True)``): for the records, tagged as well.

Both carry the draft's own ``charter.json`` (when given the charter), so the
text signed can be checked against its content digest, or the charter
reopened, long after the app is gone (without the contributions when the PDF
leaves that section out).
"""

from __future__ import annotations

import io
import logging
from typing import Any

import weasyprint
from weasyprint.urls import path2url

from charter_builder import paths
from charter_builder.charter.model import Charter
from charter_builder.drafts.draft_file import dumps_charter
from charter_builder.render import pdf_fixes
from charter_builder.render.fetcher import CharterFetcher
from charter_builder.render.metadata import parse_created
from charter_builder.render.options import RenderOptions

logger = logging.getLogger(__name__)

PDF_UA = "pdf/ua-1"
PDF_A = "pdf/a-3u"
ATTACHMENT_NAME = "charter.json"
ATTACHMENT_DESCRIPTION = (
    "The charter's own data, exactly as its Charter Builder draft stores it (charter.json)"
)
#: ISO 32000-2 7.11.3: the original material the document was made from.
ATTACHMENT_RELATIONSHIP = "Source"


def html_to_document(html: str, fetcher: CharterFetcher) -> weasyprint.Document:
    """The laid-out pages for ``html``; relative links resolve inside the templates folder.

    Separate from :func:`document_to_pdf` so the render worker can report
    "laying out" and "writing" as the two real steps they are.
    """
    document = weasyprint.HTML(
        string=html,
        base_url=path2url(str(paths.templates_dir()) + "/"),
        url_fetcher=fetcher,
    )
    return document.render()


def document_to_pdf(
    document: weasyprint.Document,
    options: RenderOptions | None = None,
    *,
    charter: Charter | None = None,
) -> bytes:
    """PDF bytes for laid-out pages; an archival PDF needs ``charter`` to attach its data."""
    return document.write_pdf(**pdf_settings(document, options or RenderOptions(), charter))


def html_to_pdf(
    html: str,
    fetcher: CharterFetcher,
    options: RenderOptions | None = None,
    *,
    charter: Charter | None = None,
) -> bytes:
    """PDF bytes for ``html``."""
    return document_to_pdf(html_to_document(html, fetcher), options, charter=charter)


def pdf_settings(
    document: weasyprint.Document, options: RenderOptions, charter: Charter | None
) -> dict[str, Any]:
    """WeasyPrint's ``write_pdf`` options for the kind of PDF ``options`` asks for.

    Both kinds are tagged and get a file identifier made from the content (not
    random), so the same charter at the same ``SOURCE_DATE_EPOCH`` gives the
    same bytes. PDF/A also gets WeasyPrint's sRGB output intent automatically.
    """
    settings: dict[str, Any] = {"pdf_identifier": True, "pdf_tags": True, "finisher": _finish}
    if options.archive and charter is None:
        raise ValueError("an archival PDF needs the charter, to attach its data")
    variant = PDF_A if options.archive else PDF_UA
    if charter is None:
        return settings | {"pdf_variant": variant}
    # Every kind carries charter.json, so the signed text can be checked against its digest.
    # The attachment's dates are the PDF's own, so a reproducible build stays reproducible.
    made = parse_created(document.metadata.created)
    attachment = weasyprint.Attachment(
        file_obj=io.BytesIO(dumps_charter(attached_charter(charter, options))),
        name=ATTACHMENT_NAME,
        description=ATTACHMENT_DESCRIPTION,
        created=made,
        modified=made,
        relationship=ATTACHMENT_RELATIONSHIP,
    )
    return settings | {"pdf_variant": variant, "attachments": [attachment]}


def attached_charter(charter: Charter, options: RenderOptions) -> Charter:
    """The charter as the PDF carries it.

    Concerns are the partners' working notes, not agreed text, so a published PDF
    never carries them. A board that leaves "Contributions and losses" out of the
    pages must not find it in the attached data either, so it goes from both.
    """
    update: dict[str, list] = {"concerns": []}
    if not options.include_contributions:
        update["contributions"] = []
    return charter.model_copy(update=update)


def _finish(document: weasyprint.Document, pdf: Any) -> None:
    pdf_fixes.finish(pdf, document)
