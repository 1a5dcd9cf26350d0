"""`verify` tried as an attacker would: forged PDFs must never be called sound.

Every forgery here is built as an attacker would build it, with pyHanko's
incremental writer (which keeps every earlier byte, so earlier seals stay
cryptographically intact) or with pikepdf (which rewrites the file). `verify`
must answer each with exit 1 ("do not rely on this PDF"), an honest but
incomplete PDF with exit 4, and only a sealed, unchanged, fully signed charter
with exit 0.
"""

from __future__ import annotations

import datetime
import io
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from certificates import example_signed_by_every_partner, make_certificate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from charter_builder.cli import main
from charter_builder.drafts.draft import Draft
from charter_builder.drafts.draft_file import dumps_charter, loads_charter, save_draft
from charter_builder.drafts.starters import load_starter
from charter_builder.render import render_pdf
from charter_builder.signatures.seal import seal_pdf
from charter_builder.signatures.signing import content_digest
from charter_builder.signatures.verify import Outcome, verify_pdf

COUNCIL = "Wyvern County Council"
TRUST = "Wyvern Hospitals NHS Trust"
SECRET = b"secret"
DAY = datetime.timedelta(days=1)
#: What the forger writes over page 1.
FORGED_WORDS = b"This charter binds no partner to anything."


@dataclass
class Files:
    folder: Path
    unsealed: Path
    sealed: Path
    council: Path
    trust: Path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Files:
    """The worked example signed by every partner, rendered once and sealed by the council."""
    folder = tmp_path_factory.mktemp("forgery")
    draft = example_signed_by_every_partner(folder)
    unsealed = folder / "charter.pdf"
    unsealed.write_bytes(render_pdf(draft))
    council = make_certificate(folder / "council.p12", COUNCIL, SECRET)
    trust = make_certificate(folder / "trust.p12", TRUST, SECRET)
    sealed = folder / "sealed.pdf"
    seal_pdf(unsealed, sealed, council, SECRET)
    return Files(folder, unsealed, sealed, council, trust)


def verify(capsys, *args: str | Path) -> tuple[int, str]:
    code = main(["verify", *(str(a) for a in args)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def written(folder: Path, data: bytes, name: str | None = None) -> Path:
    path = folder / (name or f"forged-{uuid.uuid4().hex[:8]}.pdf")
    path.write_bytes(data)
    return path


# --- forgeries, as an attacker makes them ------------------------------------------------------


def _writer(data: bytes) -> IncrementalPdfFileWriter:
    return IncrementalPdfFileWriter(io.BytesIO(data), strict=False)


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _painting(writer: IncrementalPdfFileWriter) -> generic.IndirectObject:
    """A drawing that covers an A4 page in white and writes the forger's words on it."""
    font = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Font"),
            generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
            generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
        }
    )
    stream = generic.StreamObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/XObject"),
            generic.NameObject("/Subtype"): generic.NameObject("/Form"),
            generic.NameObject("/BBox"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 596, 842)]
            ),
            generic.NameObject("/Resources"): generic.DictionaryObject(
                {
                    generic.NameObject("/Font"): generic.DictionaryObject(
                        {generic.NameObject("/F1"): font}
                    )
                }
            ),
        },
        stream_data=b"1 1 1 rg 0 0 596 842 re f 0 0 0 rg BT /F1 18 Tf 60 700 Td ("
        + FORGED_WORDS
        + b") Tj ET",
    )
    return writer.add_object(stream)


def overlay_field(data: bytes) -> bytes:
    """An empty signature field whose appearance paints over page 1: the attack in the issue."""
    writer = _writer(data)
    append_signature_field(writer, SigFieldSpec("Overlay", on_page=0, box=(0, 0, 596, 842)))
    form = writer.root["/AcroForm"]
    for ref in form["/Fields"]:
        field = ref.get_object()
        if field.get("/T") == "Overlay":
            field[generic.NameObject("/AP")] = generic.DictionaryObject(
                {generic.NameObject("/N"): _painting(writer)}
            )
            writer.mark_update(ref)
    return _written(writer)


def empty_field(data: bytes) -> bytes:
    """An empty, invisible signature field: harmless-looking, but not a seal."""
    writer = _writer(data)
    append_signature_field(writer, SigFieldSpec("Empty", on_page=0))
    return _written(writer)


def _first_page(writer: IncrementalPdfFileWriter) -> tuple[generic.DictionaryObject, object]:
    page_ref, _resources = writer.find_page_for_modification(0)
    return page_ref.get_object(), page_ref


def annotation(data: bytes) -> bytes:
    """A square annotation drawn over page 1, with the forger's words as its appearance."""
    writer = _writer(data)
    page, page_ref = _first_page(writer)
    annot = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/Square"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (0, 0, 596, 842)]
            ),
            generic.NameObject("/F"): generic.NumberObject(4),
            generic.NameObject("/AP"): generic.DictionaryObject(
                {generic.NameObject("/N"): _painting(writer)}
            ),
        }
    )
    annots = page.get("/Annots")
    annots = generic.ArrayObject(list(annots.get_object()) if annots is not None else [])
    annots.append(writer.add_object(annot))
    page[generic.NameObject("/Annots")] = annots
    writer.mark_update(page_ref)
    return _written(writer)


def page_content(data: bytes) -> bytes:
    """More drawing appended to page 1's own content: white-out and new words."""
    writer = _writer(data)
    page, page_ref = _first_page(writer)
    painting = _painting(writer).get_object()
    resources = page["/Resources"]
    fonts = resources.get("/Font")
    fonts = generic.DictionaryObject(dict(fonts.get_object()) if fonts is not None else {})
    fonts[generic.NameObject("/Forged")] = painting["/Resources"]["/Font"].raw_get("/F1")
    new_resources = generic.DictionaryObject(dict(resources))
    new_resources[generic.NameObject("/Font")] = fonts
    stream = generic.StreamObject(
        stream_data=b"q 1 1 1 rg 0 0 596 842 re f 0 0 0 rg BT /Forged 18 Tf 60 700 Td ("
        + FORGED_WORDS
        + b") Tj ET Q"
    )
    contents = page.raw_get("/Contents")
    parts = list(contents) if isinstance(contents, list) else [contents]
    page[generic.NameObject("/Contents")] = generic.ArrayObject([*parts, writer.add_object(stream)])
    page[generic.NameObject("/Resources")] = new_resources
    writer.mark_update(page_ref)
    return _written(writer)


def changed_info(data: bytes) -> bytes:
    """The document's title changed in its properties."""
    writer = _writer(data)
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    info[generic.NameObject("/Title")] = generic.TextStringObject("A different charter")
    writer.mark_update(info_ref)
    return _written(writer)


def changed_attachment(data: bytes) -> bytes:
    """The attached charter.json swapped for an edited one, its records re-stamped."""
    writer = _writer(data)
    names = writer.root["/Names"]["/EmbeddedFiles"]
    stack = [names]
    while stack:
        node = stack.pop()
        entries = node.get("/Names") or []
        for index in range(0, len(entries), 2):
            if str(entries[index]) == "charter.json":
                spec = entries[index + 1].get_object()
                file_ref = spec["/EF"].raw_get("/F")
                old = file_ref.get_object()
                forged = restamped(loads_charter(old.data))
                new = generic.StreamObject(
                    {generic.NameObject("/Type"): generic.NameObject("/EmbeddedFile")},
                    stream_data=dumps_charter(forged),
                )
                spec["/EF"][generic.NameObject("/F")] = writer.add_object(new)
                if "/UF" in spec["/EF"]:
                    spec["/EF"][generic.NameObject("/UF")] = spec["/EF"].raw_get("/F")
                writer.update_container(spec)
                writer.mark_update(entries.container_ref if hasattr(entries, "container_ref")
                                   and entries.container_ref else node.container_ref)
                return _written(writer)
        stack.extend(kid.get_object() for kid in node.get("/Kids") or [])
    raise AssertionError("no charter.json attached")


def restamped(charter):
    """The charter with a commitment quietly weakened, every signature re-stamped to match."""
    changed = charter.model_copy(deep=True)
    changed.commitments[0].description = "We may, if convenient, consider talking about this."
    digest = content_digest(changed)
    changed.signatures = [s.model_copy(update={"digest": digest}) for s in changed.signatures]
    return changed


def sealed_by_pyhanko(data: bytes, certificate: Path) -> bytes:
    """Sealed the way any other tool would, without Charter Builder's own refusals."""
    signer = signers.SimpleSigner.load_pkcs12(str(certificate), passphrase=SECRET)
    meta = signers.PdfSignatureMetadata(field_name="OtherSeal")
    return signers.sign_pdf(_writer(data), meta, signer=signer).getvalue()


# --- the attacks in the issue ------------------------------------------------------------------


def test_an_overlay_field_painted_over_page_one_after_the_seal_is_caught(files, capsys) -> None:
    forged = written(files.folder, overlay_field(files.sealed.read_bytes()), "overlay.pdf")
    code, out = verify(capsys, forged)
    assert code == 1, out
    assert out.startswith("Result: do not rely on this PDF")
    assert f"after {COUNCIL} sealed it: a form field that shows on the page" in out
    assert "everything checks out" not in out


def test_an_overlay_with_an_honest_second_seal_on_top_is_still_caught(files, capsys) -> None:
    overlaid = written(files.folder, overlay_field(files.sealed.read_bytes()))
    on_top = files.folder / "overlay-then-sealed.pdf"
    seal_pdf(overlaid, on_top, files.trust, SECRET)
    code, out = verify(capsys, on_top)
    assert code == 1, out
    assert f"after {COUNCIL} sealed it: a form field that shows on the page" in out
    assert f"{TRUST}: intact" in out  # the trust's own seal is sound; it sealed the overlay


def test_an_annotation_added_after_the_seal_is_caught(files, capsys) -> None:
    forged = written(files.folder, annotation(files.sealed.read_bytes()), "annotated.pdf")
    code, out = verify(capsys, forged)
    assert code == 1, out
    assert f"after {COUNCIL} sealed it: a new or changed annotation on page 1" in out


def test_an_unsealed_pdf_with_a_swapped_attachment_is_caught(files, capsys) -> None:
    forged = files.folder / "swapped.pdf"
    with pikepdf.open(files.unsealed) as pdf:
        charter = restamped(loads_charter(pdf.attachments["charter.json"].get_file().read_bytes()))
        pdf.attachments["charter.json"] = pikepdf.AttachedFileSpec(pdf, dumps_charter(charter))
        pdf.save(forged)
    code, out = verify(capsys, forged)
    assert code == 1, out
    assert "The charter data attached to this PDF does not match the text printed in it" in out
    assert "commitment 1's description" in out
    assert "swapped" in out

    # The forger's draft agrees with the forged data, not with what the pages say.
    draft = Draft(charter=charter, media=load_starter("example").media)
    save_draft(draft, files.folder / "forged.charter")
    code, out = verify(capsys, forged, "--draft", files.folder / "forged.charter")
    assert code == 1, out
    assert "“forged.charter” is the same as the PDF's" in out
    assert "does not match the text printed in it" in out


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "words"),
    [(-60 * DAY, -30 * DAY, "had expired on"), (30 * DAY, 400 * DAY, "was not valid until")],
    ids=["expired", "not-yet-valid"],
)
def test_a_seal_made_with_an_outdated_certificate_is_broken_and_refused(
    files, capsys, valid_from, valid_until, words
) -> None:
    certificate = make_certificate(
        files.folder / f"outdated-{uuid.uuid4().hex[:6]}.p12",
        COUNCIL,
        SECRET,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    forged = written(files.folder, sealed_by_pyhanko(files.unsealed.read_bytes(), certificate))
    code, out = verify(capsys, forged)
    assert code == 1, out
    assert f"with a certificate that {words}" in out

    refused = files.folder / "refused.pdf"
    passphrase = files.folder / "passphrase.txt"
    passphrase.write_bytes(SECRET + b"\n")
    code = main(
        ["seal", str(files.unsealed), "--certificate", str(certificate),
         "--passphrase-file", str(passphrase), "-o", str(refused)]
    )  # fmt: skip
    out = capsys.readouterr().err
    assert code == 1
    assert not refused.exists()
    expected = "expired on" if "expired" in words else "is not valid until"
    assert f"The certificate in “{certificate.name}” {expected}" in out
    assert "(it " in out and " to " in out  # with the dates it is valid between


def test_an_unsigned_unsealed_draft_pdf_is_incomplete_never_fine(files, capsys) -> None:
    pdf = written(files.folder, render_pdf(load_starter("example")), "draft.pdf")
    code, out = verify(capsys, pdf)
    assert code == 4, out
    assert out.splitlines()[0] == "Result: intact as far as it can be checked, but not complete."
    assert "It is not sealed, so nothing proves the file was not altered" in out
    assert "9 of 9 partners have still to sign it" in out
    assert "everything checks out" not in out


def test_a_fully_signed_sealed_charter_still_checks_out(files, capsys) -> None:
    code, out = verify(capsys, files.sealed)
    assert code == 0, out
    assert out.splitlines()[0] == "Result: everything checks out."
    twice = files.folder / "twice.pdf"
    seal_pdf(files.sealed, twice, files.trust, SECRET)
    code, out = verify(capsys, twice)
    assert code == 0, out
    assert f"{COUNCIL}: intact" in out and f"{TRUST}: intact" in out


# --- the property: nothing but a further seal after a seal ------------------------------------

UPDATES = {
    "new annotation": annotation,
    "new page content": page_content,
    "changed document properties": changed_info,
    "added empty signature field": empty_field,
    "overlay signature field": overlay_field,
    "changed attachment": changed_attachment,
}


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_changed_byte_in_the_sealed_range_is_never_fine(files, data) -> None:
    sealed = files.sealed.read_bytes()
    start1, length1, start2, length2 = _byte_range(sealed)
    position = data.draw(
        st.one_of(
            st.integers(start1, start1 + length1 - 1), st.integers(start2, start2 + length2 - 1)
        ),
        label="position",
    )
    value = data.draw(st.integers(0, 255).filter(lambda v: v != sealed[position]), label="byte")
    changed = bytearray(sealed)
    changed[position] = value
    assert _outcome(files.folder, bytes(changed)) is not Outcome.CHECKS_OUT


@pytest.mark.slow  # about 10 s: ten forged updates, each sealed and checked
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(sorted(UPDATES)), seal_on_top=st.booleans())
def test_any_update_after_a_seal_but_a_further_seal_is_never_fine(files, kind, seal_on_top) -> None:
    forged = UPDATES[kind](files.sealed.read_bytes())
    if seal_on_top:
        path = written(files.folder, forged)
        on_top = path.with_name(f"{path.stem}-sealed.pdf")
        seal_pdf(path, on_top, files.trust, SECRET)
        forged = on_top.read_bytes()
    assert _outcome(files.folder, forged) is Outcome.BROKEN, kind


def _byte_range(data: bytes) -> list[int]:
    at = data.rindex(b"/ByteRange")
    inside = data[data.index(b"[", at) + 1 : data.index(b"]", at)]
    return [int(n) for n in inside.split()]


def _outcome(folder: Path, data: bytes) -> Outcome:
    """What verify makes of `data`; a PDF it cannot read at all counts as broken."""
    from charter_builder.errors import CharterError

    path = written(folder, data)
    try:
        return verify_pdf(path).outcome
    except CharterError:
        return Outcome.BROKEN
    finally:
        path.unlink()


def test_the_forged_words_really_are_in_the_overlay(files) -> None:
    # The attacks above paint real words over the page: a forgery that drew nothing
    # would prove nothing about the checks.
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(overlay_field(files.sealed.read_bytes())), strict=False)
    fields = reader.root["/AcroForm"]["/Fields"]
    widget = next(f.get_object() for f in fields if f.get_object().get("/T") == "Overlay")
    assert [float(v) for v in widget["/Rect"]] == [0, 0, 596, 842]
    assert FORGED_WORDS in widget["/AP"]["/N"].data


def test_a_drawing_added_to_an_unsealed_pdf_is_caught(files, capsys) -> None:
    # Without a seal, anything added to the PDF as made is still seen.
    forged = written(files.folder, page_content(files.unsealed.read_bytes()), "painted.pdf")
    code, out = verify(capsys, forged)
    assert code == 1, out
    assert "Something was added to this PDF after Charter Builder made it" in out
