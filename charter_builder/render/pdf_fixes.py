"""Two small repairs to WeasyPrint 70's PDF, made just before it is written.

* Running heads, footers and page numbers are drawn as tagged content whose
  structure elements are left out of the structure tree (WeasyPrint's comment:
  marking them as artifacts "is only allowed in PDF 2.0", which is not so).
  PDF/UA wants them marked as pagination artifacts, which screen readers skip
  instead of reading the header again on every page.
* PDF/A-3 attachments are listed twice in the catalogue's ``/AF``.

Both work on WeasyPrint's unwritten ``pydyf`` objects. If a later WeasyPrint
lays them out differently, the repair is skipped (and logged), never half-done.
"""

from __future__ import annotations

import logging
from typing import Any

import pydyf

logger = logging.getLogger(__name__)


def finish(pdf: pydyf.PDF) -> None:
    """Apply every repair that applies to ``pdf``."""
    try:
        changes = _pagination_changes(pdf)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        logger.warning("Could not mark running heads as artifacts", exc_info=True)
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


def _artifact_edits(items: list, stray: set[int], mapping: pydyf.Array) -> list:
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
        items[index] = pydyf.Dictionary({"Type": "/Pagination"})
        mapping[mcid] = "null"

    return [lambda i=index, m=mcid: apply(i, m) for index, mcid in edits]


def _list_attachments_once(pdf: pydyf.PDF) -> None:
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)
