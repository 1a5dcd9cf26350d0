"""Small repairs to WeasyPrint 70's PDF, made just before it is written.

* Running heads, footers and page numbers are drawn as tagged content whose
  structure elements are left out of the structure tree (WeasyPrint's comment:
  marking them as artifacts "is only allowed in PDF 2.0", which is not so).
  PDF/UA wants them marked as pagination artifacts, which screen readers skip
  instead of reading the header again on every page.
* PDF/A-3 attachments are listed twice in the catalogue's ``/AF``.
* Each contents entry is three links (its title, the dot leader and the page
  number, since WeasyPrint links every box inside an ``<a>``), and each link
  describes itself to a screen reader by its anchor ("purpose"). Each entry
  becomes one link, described as it reads ("Shared purpose, page 5"), and the
  dot leader becomes layout, so it is not read out as a hundred full stops.

Both work on WeasyPrint's unwritten ``pydyf`` objects. If a later WeasyPrint
lays them out differently, the repair is skipped (and logged), never half-done.
"""

from __future__ import annotations

import logging
from typing import Any

import pydyf

logger = logging.getLogger(__name__)

_LAYOUT_FAULTS = (KeyError, IndexError, TypeError, ValueError, AttributeError)


def finish(pdf: pydyf.PDF, document: Any = None) -> None:
    """Apply every repair that applies to ``pdf``; the links need the laid-out ``document``."""
    try:
        changes = _pagination_changes(pdf)
    except _LAYOUT_FAULTS:
        logger.warning("Could not mark running heads as artifacts", exc_info=True)
    else:
        for apply in changes:
            apply()
    if document is not None:
        try:
            changes = _link_changes(pdf, document)
        except _LAYOUT_FAULTS:
            logger.warning("Could not describe the contents links", exc_info=True)
        else:
            for apply in changes:
                apply()
    _list_attachments_once(pdf)


def _object(pdf: pydyf.PDF, reference: Any) -> Any:
    """The object a ``b"12 0 R"`` reference stands for."""
    number = int(bytes(reference).split()[0])
    return pdf.objects[number]


def _is_reference(item: Any) -> bool:
    return isinstance(item, bytes) and item.endswith(b" R")


def _pagination_changes(pdf: pydyf.PDF) -> list:
    """Edits turning content outside the structure tree into pagination artifacts.

    Everything is checked first; the edits are returned to apply afterwards.
    """
    if "StructTreeRoot" not in pdf.catalog:
        return []
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    reachable: set[int] = set()
    pending = [item for item in root["K"] if _is_reference(item)]
    while pending:
        reference = pending.pop()
        number = int(reference.split()[0])
        if number in reachable:
            continue
        reachable.add(number)
        element = pdf.objects[number]
        pending.extend(item for item in element.get("K", ()) if _is_reference(item))

    nums = _object(pdf, root["ParentTree"])["Nums"]
    parents = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    changes = []
    for page_reference in pdf.page_references:
        page = _object(pdf, page_reference)
        mapping = parents.get(page.get("StructParents"))
        if not isinstance(mapping, pydyf.Array):
            continue
        stray = {
            mcid
            for mcid, reference in enumerate(mapping)
            if _is_reference(reference) and int(reference.split()[0]) not in reachable
        }
        if stray:
            stream = _object(pdf, page["Contents"])
            changes += _artifact_edits(stream.stream, stray, mapping)
    return changes


def _artifact_edits(
    items: list, stray: set[int], mapping: pydyf.Array, kind: str = "/Pagination"
) -> list:
    """Edits for ``/Tag <</MCID n>> BDC`` runs, n in ``stray``, in a page's content list."""
    edits = []
    found = set()
    for index, item in enumerate(items):
        if (
            isinstance(item, pydyf.Dictionary)
            and item.get("MCID") in stray
            and index + 1 < len(items)
            and items[index + 1] == b"BDC"
            and isinstance(items[index - 1], str)
            and items[index - 1].startswith("/")
        ):
            found.add(item["MCID"])
            edits.append((index, item["MCID"]))
    if found != stray:
        raise ValueError(f"marked content not found for MCIDs {sorted(stray - found)}")

    def apply(index: int, mcid: int) -> None:
        items[index - 1] = "/Artifact"
        items[index] = pydyf.Dictionary({"Type": kind})
        mapping[mcid] = "null"

    return [lambda i=index, m=mcid: apply(i, m) for index, mcid in edits]


# --- links ------------------------------------------------------------------------------------


def _link_changes(pdf: pydyf.PDF, document: Any) -> list:
    """Edits giving each link one annotation, described by its words and target page.

    WeasyPrint nests a ``Link`` structure element (with its own annotation) for
    every box inside the ``<a>``: here the ``::after`` text and the leader in it.
    The outer link's annotation already covers the whole line, so the inner ones
    are dropped, their elements become plain ``Span`` text inside the outer link,
    and the leader's dots become layout artifacts.
    """
    if "StructTreeRoot" not in pdf.catalog:
        return []
    boxes = {
        id(box.link_annotation): (page, target, box)
        for page in document.pages
        for link_type, target, _rectangle, box in page.links
        if link_type == "internal" and getattr(box, "link_annotation", None) is not None
    }
    pages = _anchor_pages(document)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    nums = _object(pdf, root["ParentTree"])["Nums"]
    changes = []
    for outer in _outer_links(pdf, root):
        annotation, _ = _annotation_of(pdf, outer)
        if annotation is None or id(annotation) not in boxes:
            continue
        _page, target, box = boxes[id(annotation)]
        words = " ".join("".join(box.element.itertext()).split())
        if not words:
            continue
        number = pages.get(target)
        description = f"{words}, page {number}" if number else words
        changes.append(_describe(annotation, description))
        for inner, parent in _inner_links(pdf, outer):
            changes += _merge_link(pdf, nums, annotation, inner, parent, boxes)
    return changes


def _describe(annotation: Any, description: str):
    def apply() -> None:
        annotation["Contents"] = pydyf.String(description)

    return apply


def _anchor_pages(document: Any) -> dict[str, int]:
    """Page number (from 1) of each anchor, as ``target-counter(…, page)`` prints it."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _children(pdf: pydyf.PDF, element: Any) -> list[tuple[bytes, Any]]:
    return [(k, _object(pdf, k)) for k in element.get("K", ()) if _is_reference(k)]


def _is_link(element: Any) -> bool:
    return element.get("Type") == "/StructElem" and element.get("S") == "/Link"


def _outer_links(pdf: pydyf.PDF, root: Any) -> list:
    """Link elements not inside another link, in reading order."""
    found, pending = [], [_object(pdf, k) for k in reversed(root["K"]) if _is_reference(k)]
    while pending:
        element = pending.pop()
        if _is_link(element):
            found.append(element)
            continue
        pending.extend(child for _, child in reversed(_children(pdf, element)))
    return found


def _inner_links(pdf: pydyf.PDF, outer: Any) -> list[tuple[Any, Any]]:
    """(link element, its parent) for every link nested inside ``outer``."""
    found, pending = [], [outer]
    while pending:
        element = pending.pop()
        for _, child in _children(pdf, element):
            if child.get("Type") != "/StructElem":
                continue
            if _is_link(child):
                found.append((child, element))
            pending.append(child)
    return found


def _annotation_of(pdf: pydyf.PDF, element: Any) -> tuple[Any, bytes | None]:
    """The link annotation an element's ``OBJR`` points to, and the ``OBJR``'s reference."""
    for reference, child in _children(pdf, element):
        if child.get("Type") == "/OBJR":
            return _object(pdf, child["Obj"]), reference
    return None, None


def _merge_link(
    pdf: pydyf.PDF, nums: list, outer_annotation: Any, inner: Any, parent: Any, boxes: dict
) -> list:
    """Edits folding the nested link ``inner`` into the outer link; a leader becomes layout."""
    annotation, objr = _annotation_of(pdf, inner)
    if annotation is None:
        return []
    objr_object = _object(pdf, objr)
    page = _object(pdf, objr_object["Pg"])
    if objr_object["Pg"] != _page_of(pdf, outer_annotation):
        return []  # an entry split over two pages keeps a link on each
    if nums[nums.index(annotation["StructParent"]) + 1] != inner.reference:
        raise ValueError("parent tree does not map the inner link's annotation to it")
    box = boxes.get(id(annotation), (None, None, None))[2]
    leader = bool(getattr(box, "is_leader", False))
    edits: list = []
    if leader:
        mcids = {k for k in inner["K"] if isinstance(k, int)}
        if any(_is_reference(k) and k != objr for k in inner["K"]):
            raise ValueError("a leader holds more than its dots")
        mapping = _page_mapping(pdf, nums, page)
        stream = _object(pdf, page["Contents"])
        edits += _artifact_edits(stream.stream, mcids, mapping, "/Layout")

    def apply() -> None:
        _widen(outer_annotation, annotation)
        page["Annots"].remove(annotation.reference)
        position = nums.index(annotation["StructParent"])
        del nums[position : position + 2]
        inner["K"].remove(objr)
        if leader:
            parent["K"].remove(inner.reference)
        else:
            inner["S"] = "/Span"

    return [*edits, apply]


def _page_of(pdf: pydyf.PDF, annotation: Any) -> bytes | None:
    for reference in pdf.page_references:
        if annotation.reference in _object(pdf, reference).get("Annots", ()):
            return reference
    return None


def _page_mapping(pdf: pydyf.PDF, nums: list, page: Any) -> pydyf.Array:
    """The page's MCID-to-element array in the parent tree."""
    position = nums.index(page["StructParents"])
    mapping = nums[position + 1]
    if not isinstance(mapping, pydyf.Array):
        raise TypeError("the page's parent-tree entry is not an array")
    return mapping


def _widen(outer: Any, inner: Any) -> None:
    """Stretch the outer link's clickable area over the inner one's."""
    a, b = outer["Rect"], inner["Rect"]
    outer["Rect"] = pydyf.Array(
        [
            min(a[0], a[2], b[0], b[2]),
            min(a[1], a[3], b[1], b[3]),
            max(a[0], a[2], b[0], b[2]),
            max(a[1], a[3], b[1], b[3]),
        ]
    )


def _list_attachments_once(pdf: pydyf.PDF) -> None:
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)
