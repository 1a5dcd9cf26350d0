"""Reading a PDF's tags as a screen reader would: structure elements and their alt text."""

from __future__ import annotations

from collections.abc import Iterator

import pikepdf


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every structure element in reading order, as a screen reader walks them."""

    def walk(node: pikepdf.Object) -> Iterator[pikepdf.Dictionary]:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                yield from walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            yield node
            yield from walk(node.get("/K", pikepdf.Array()))

    yield from walk(pdf.Root.StructTreeRoot.K)


def figure_alts(pdf: pikepdf.Pdf) -> list[str]:
    """The alternative text of every figure, in reading order."""
    return [
        str(element.Alt)
        for element in structure_elements(pdf)
        if element.get("/S") == "/Figure" and "/Alt" in element
    ]
