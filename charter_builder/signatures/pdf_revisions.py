"""What each update of a charter's PDF added: nothing may come after a seal but further seals.

A seal covers the file as it was when sealed; anything appended later is an
"incremental update" the seal does not cover. pyHanko's own judgement of such
updates (ModificationLevel.FORM_FILLING) lets through an empty signature field
whose appearance paints over a page, so a reader would see a different page
while every seal still shows as intact. This module applies Charter Builder's
own, stricter rule: the PDF Charter Builder made is revision 0, and every later
revision must add exactly one seal and nothing a reader could see:

* the seal's signature and its field, invisible (a zero-size rectangle, no
  appearance that draws anything), hung on a page's annotations;
* the form dictionary listing the fields, which may only gain the new field;
* the document's properties refreshed by the sealing program (producer and
  modification date; the title, author and description must stay).

Any other change (a new or changed annotation, page, page content, picture,
font, attached file, outline or structure) is reported. No Qt here.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

log = logging.getLogger(__name__)

#: Catalog entries a sealing program updates: the form, and the PDF version it needs.
_CATALOG_MAY_CHANGE = frozenset({"/AcroForm", "/Extensions", "/Version"})
#: Document-information entries a sealing program refreshes.
_INFO_MAY_CHANGE = frozenset({"/Producer", "/ModDate"})
_FORM_MAY_CHANGE = frozenset({"/Fields", "/SigFlags"})
#: The words of the XMP properties that must not change (title, author, description…).
_XMP_TEXT = re.compile(rb"<rdf:li[^>]*>(.*?)</rdf:li>", re.DOTALL)
#: More revisions than any honest charter gets (one per partner's seal).
MAX_REVISIONS = 10_000


@dataclass(frozen=True)
class Addition:
    """Something added in one revision of the file that is not a further seal."""

    revision: int
    #: What was added, in plain words, e.g. "a new annotation on page 1".
    what: str


def unsealed_additions(reader: Any, seals: list[Any]) -> list[Addition]:
    """Every revision after the first that is not exactly one invisible seal, and why.

    `seals` are pyHanko's embedded signatures. An empty list means all is well.
    """
    xrefs = reader.xrefs
    total = xrefs.total_revisions
    if total > MAX_REVISIONS:
        return [Addition(1, "thousands of updates")]
    by_revision: dict[int, list[Any]] = {}
    for seal in seals:
        by_revision.setdefault(seal.signed_revision, []).append(seal)
    found: list[Addition] = []
    if total > 1 and xrefs.hybrid_xrefs_present:
        found.append(
            Addition(1, "an update written so that different programs show different things")
        )
    for revision in range(1, total):
        here = by_revision.get(revision, [])
        if len(here) != 1:
            what = "two seals in one update" if here else _describe_update(reader, revision)
            found.append(Addition(revision, what))
            continue
        try:
            problem = _seal_update_problem(reader, revision, here[0])
        except Exception:
            log.debug("could not compare revision %s", revision, exc_info=True)
            problem = "an update that could not be read"
        if problem:
            found.append(Addition(revision, problem))
    return found


# --- one seal's update ---------------------------------------------------------------------


def _seal_update_problem(reader: Any, revision: int, seal: Any) -> str | None:
    """Why `revision` is more than `seal` being added, or None when it is just that."""
    from pyhanko.pdf_utils import generic

    xrefs = reader.xrefs
    if xrefs.refs_freed_in_revision(revision):
        return "an update that removes parts of the document"
    old = reader.get_historical_resolver(revision - 1)
    new = reader.get_historical_resolver(revision)
    skip = {_key(r) for r in xrefs.xref_stream_refs} | {
        _key(r) for r in xrefs.object_streams_used_in(revision)
    }
    changed = {_key(r) for r in xrefs.explicit_refs_in_revision(revision)} - skip

    root_key = _key(new.trailer_view.raw_get("/Root"))
    if root_key != _key(old.trailer_view.raw_get("/Root")):
        return "a replaced document catalogue"
    old_root, new_root = old.root, new.root
    info_key = _key(new.trailer_view.raw_get("/Info"))
    if info_key != _key(old.trailer_view.raw_get("/Info")):
        return "changed document properties"
    old_form = _form_key(old_root)
    new_form = _form_key(new_root)
    if old_form is not None and old_form != new_form:
        return "a replaced form"
    metadata_key = _key(new_root.raw_get("/Metadata")) if "/Metadata" in new_root else None
    if "/Metadata" in old_root and _key(old_root.raw_get("/Metadata")) != metadata_key:
        return "replaced document properties"

    old_pages = dict(_page_refs(old_root))
    new_pages = dict(_page_refs(new_root))
    if list(old_pages) != list(new_pages):
        return "added, removed or reordered pages"
    numbers = {key: number for number, key in enumerate(new_pages, start=1)}
    annots_arrays = {
        _key(page.raw_get("/Annots")): key
        for key, page in new_pages.items()
        if "/Annots" in page and isinstance(page.raw_get("/Annots"), generic.IndirectObject)
    }

    # The new field: the one seal added here, invisible.
    new_fields = _field_keys(new_root) - _field_keys(old_root)
    field_key = _key(seal.sig_field.container_ref) if seal.sig_field.container_ref else None
    if new_fields != {field_key}:
        extra = new_fields - {field_key}
        return _field_words(new, extra, numbers) if extra else "a seal with no field"
    field = new.get_object(_ref(field_key, reader))
    invisible = _invisible_widget(field)
    if invisible is not True:
        return invisible or "a form field that shows on the page"
    sig_key = _key(field.raw_get("/V"))
    allowed_new = {field_key, sig_key, *(_appearance_keys(field))}
    if old_form is None and new_form is not None:
        allowed_new.add(new_form)

    for key in sorted(changed):
        existed = xrefs.get_historical_ref(_ref(key, reader), revision - 1) is not None
        if not existed:
            if key in allowed_new:
                continue
            return "new content that is not part of a seal"
        if key == root_key:
            if not _same_except(old_root, new_root, _CATALOG_MAY_CHANGE):
                return "a changed document catalogue (its outline, attachments or structure)"
        elif key == info_key:
            before, after = old.get_object(_ref(key, reader)), new.get_object(_ref(key, reader))
            if not _same_except(before, after, _INFO_MAY_CHANGE):
                return "changed document properties (title, author or subject)"
        elif key == metadata_key:
            before, after = old.get_object(_ref(key, reader)), new.get_object(_ref(key, reader))
            if _XMP_TEXT.findall(before.data) != _XMP_TEXT.findall(after.data):
                return "changed document properties (title, author or description)"
        elif key == new_form:
            before, after = old.get_object(_ref(key, reader)), new.get_object(_ref(key, reader))
            if not _same_except(before, after, _FORM_MAY_CHANGE):
                return "a changed form"
            if not _only_appended(before.raw_get("/Fields"), after.raw_get("/Fields"), {field_key}):
                return "changed form fields"
        elif key in new_pages:
            before, after = old_pages[key], new_pages[key]
            number = numbers[key]
            if not _same_except(before, after, {"/Annots"}):
                return f"a change to page {number}"
            if not _only_appended(_annots(before), _annots(after), {field_key}):
                return f"a new or changed annotation on page {number}"
        elif key in annots_arrays:
            page_key = annots_arrays[key]
            before = old.get_object(_ref(key, reader))
            after = new.get_object(_ref(key, reader))
            if not _only_appended(before, after, {field_key}):
                return f"a new or changed annotation on page {numbers[page_key]}"
        else:
            return _changed_words(old.get_object(_ref(key, reader)), numbers, key, old_pages)
    return None


def _describe_update(reader: Any, revision: int) -> str:
    """A short description of an update that added no seal: what it touched."""
    try:
        old = reader.get_historical_resolver(revision - 1)
        new = reader.get_historical_resolver(revision)
        old_pages = dict(_page_refs(old.root))
        new_pages = dict(_page_refs(new.root))
        if list(old_pages) != list(new_pages):
            return "added, removed or reordered pages"
        numbers = {key: number for number, key in enumerate(new_pages, start=1)}
        new_fields = _field_keys(new.root) - _field_keys(old.root)
        if new_fields:
            return _field_words(new, new_fields, numbers)
        for key, page in new_pages.items():
            before = old_pages[key]
            if not _same_except(before, page, {"/Annots"}):
                return f"a change to page {numbers[key]}"
            if _keys(_annots(before)) != _keys(_annots(page)):
                return f"a new or changed annotation on page {numbers[key]}"
        changed = {_key(r) for r in reader.xrefs.explicit_refs_in_revision(revision)}
        for key in sorted(changed - {_key(r) for r in reader.xrefs.xref_stream_refs}):
            if reader.xrefs.get_historical_ref(_ref(key, reader), revision - 1) is not None:
                return _changed_words(old.get_object(_ref(key, reader)), numbers, key, old_pages)
    except Exception:
        log.debug("could not describe revision %s", revision, exc_info=True)
    return "an update that is not a seal"


def _field_words(handler: Any, keys: set[Any], numbers: dict[Any, int]) -> str:
    for key in sorted(keys, key=str):
        field = handler.get_object(_ref(key, handler.reader))
        page = _key(field.raw_get("/P")) if "/P" in field else None
        where = f" on page {numbers[page]}" if page in numbers else ""
        if _invisible_widget(field) is not True:
            return f"a form field that shows on the page{where}"
    return "an empty form field"


def _changed_words(
    before: Any, numbers: dict[Any, int], key: Any, pages: dict[Any, Any]
) -> str:
    """Plain words for a changed object that is none of the ones a seal may touch."""
    kind = str(before.get("/Type", "")) if hasattr(before, "get") else ""
    subtype = str(before.get("/Subtype", "")) if hasattr(before, "get") else ""
    if kind == "/Annot" or subtype in ("/Widget", "/Link", "/FreeText", "/Stamp", "/Square"):
        return "a changed annotation"
    if kind in ("/Filespec", "/EmbeddedFile") or subtype == "/application#2Fjson":
        return "a changed attached file"
    for page_key, page in pages.items():
        contents = page.raw_get("/Contents") if "/Contents" in page else None
        refs = contents if isinstance(contents, list) else [contents]
        if any(_key(r) == key for r in refs if r is not None and hasattr(r, "reference")):
            return f"changed content on page {numbers.get(page_key, '?')}"
    if subtype == "/Image":
        return "a changed picture"
    if kind == "/Font" or subtype == "/Form":
        return "a changed font or drawing used on the pages"
    return "a change to the document"


# --- helpers -------------------------------------------------------------------------------


def _invisible_widget(field: Any) -> bool | str:
    """True if a signature field draws nothing; otherwise what it is, in words."""
    if field.get("/FT") != "/Sig":
        return "a new form field"
    if "/Kids" in field:
        return "a seal field with several parts"
    rect = field.get("/Rect")
    if rect is not None:
        try:
            x1, y1, x2, y2 = (float(v) for v in rect)
        except (TypeError, ValueError):
            return "a seal field with a damaged position"
        if abs(x2 - x1) > 0 or abs(y2 - y1) > 0:
            return "a seal field that shows on the page"
    appearance = field.get("/AP")
    if appearance is not None:
        for _name, stream in _appearance_streams(appearance):
            if stream.data.strip():
                return "a seal field that draws on the page"
    return True


def _appearance_streams(appearance: Any) -> Iterator[tuple[str, Any]]:
    for name in ("/N", "/R", "/D"):
        value = appearance.get(name)
        if value is None:
            continue
        if hasattr(value, "data"):
            yield name, value
        else:  # a dictionary of states
            for state in value.values():
                yield name, state.get_object()


def _appearance_keys(field: Any) -> set[Any]:
    from pyhanko.pdf_utils import generic

    keys: set[Any] = set()
    if "/AP" not in field:
        return keys
    raw = field.raw_get("/AP")
    if isinstance(raw, generic.IndirectObject):
        keys.add(_key(raw))
    appearance = raw.get_object()
    for name in ("/N", "/R", "/D"):
        if name not in appearance:
            continue
        value = appearance.raw_get(name)
        if isinstance(value, generic.IndirectObject):
            keys.add(_key(value))
        elif isinstance(value, generic.DictionaryObject):
            for state in value:
                entry = value.raw_get(state)
                if isinstance(entry, generic.IndirectObject):
                    keys.add(_key(entry))
    return keys


def _page_refs(root: Any) -> Iterator[tuple[Any, Any]]:
    """(key, page dictionary) for each page, in order."""
    from pyhanko.pdf_utils import generic

    stack = [root.raw_get("/Pages")]
    seen: set[Any] = set()
    out: list[tuple[Any, Any]] = []
    while stack:
        ref = stack.pop()
        key = _key(ref) if isinstance(ref, generic.IndirectObject) else id(ref)
        if key in seen:
            raise ValueError("the page tree loops")
        seen.add(key)
        node = ref.get_object()
        if node.get("/Type") == "/Pages":
            stack.extend(reversed(list(node.raw_get("/Kids"))))
        else:
            out.append((key, node))
    return iter(out)


def _form_key(root: Any) -> Any:
    if "/AcroForm" not in root:
        return None
    raw = root.raw_get("/AcroForm")
    return _key(raw) if hasattr(raw, "reference") else "direct"


def _field_keys(root: Any) -> set[Any]:
    if "/AcroForm" not in root:
        return set()
    form = root["/AcroForm"]
    if "/Fields" not in form:
        return set()
    return {_key(ref) for ref in form.raw_get("/Fields").get_object() if hasattr(ref, "reference")}


def _annots(page: Any) -> list[Any]:
    if "/Annots" not in page:
        return []
    return list(page.raw_get("/Annots").get_object())


def _keys(items: Any) -> list[Any]:
    return [_key(i) if hasattr(i, "reference") else repr(i) for i in (items or [])]


def _only_appended(before: Any, after: Any, allowed: set[Any]) -> bool:
    """`after` is `before` with only `allowed` references added at the end."""
    old, new = _keys(before.get_object() if hasattr(before, "get_object") else before), _keys(
        after.get_object() if hasattr(after, "get_object") else after
    )
    return new[: len(old)] == old and set(new[len(old) :]) <= allowed


def _same_except(before: Any, after: Any, may_change: frozenset[str] | set[str]) -> bool:
    keys = (set(before) | set(after)) - set(may_change)
    return all(_same(before.raw_get(k), after.raw_get(k)) if k in before and k in after else False
               for k in keys)


def _same(a: Any, b: Any) -> bool:
    """Equal as written in the file: references compared as references, not followed."""
    if hasattr(a, "reference") or hasattr(b, "reference"):
        return hasattr(a, "reference") and hasattr(b, "reference") and _key(a) == _key(b)
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return False
        if hasattr(a, "encoded_data") != hasattr(b, "encoded_data"):
            return False
        if hasattr(a, "encoded_data") and a.encoded_data != b.encoded_data:
            return False
        return all(_same(a.raw_get(k), b.raw_get(k)) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


def _key(ref: Any) -> Any:
    """An object's number and generation, whichever reader or revision the reference is from."""
    ref = getattr(ref, "reference", ref)
    return (ref.idnum, ref.generation) if ref is not None else None


def _ref(key: Any, reader: Any) -> Any:
    from pyhanko.pdf_utils import generic

    return generic.Reference(key[0], key[1], reader)
