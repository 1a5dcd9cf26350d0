"""Each partner's give and take: what it brings, gives up, may lose, and offers.

Adaptive change means naming the losses, so every partner gets a card of its
own. Cards follow the partner list: they are added, dropped and reordered when
partners are, but typing never rebuilds them.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from charter_builder.charter.editing import InsertItem, touches
from charter_builder.charter.labels import FIELD_LABELS, SECTION_LABELS
from charter_builder.charter.model import Contribution, Partner
from charter_builder.drafts.starters import guidance
from charter_builder.gui.binding import FieldBinder
from charter_builder.gui.document import CharterDocument
from charter_builder.gui.logo_picker import pixmap_for
from charter_builder.gui.pages.base import Location, WizardPage
from charter_builder.gui.widgets import ProseEdit

#: The card's fields in reading order: (field, visible label, prompt while empty).
FIELDS: tuple[tuple[str, str, str], ...] = (
    (
        "brings",
        FIELD_LABELS["brings"],
        "People, skills, money, buildings, data and relationships we put in.",
    ),
    (
        "autonomy_given_up",
        f"{FIELD_LABELS['autonomy_given_up']} for the population's good",
        "Decisions we will now make together, for the good of the population we serve.",
    ),
    (
        "losses",
        FIELD_LABELS["losses"],
        "What our staff, board or communities may feel they lose, said honestly.",
    ),
    ("support", FIELD_LABELS["support"], "How we will help each other through the change."),
)
#: The letter of each field's Alt key (the step's other keys: the menus, Back and Next).
FIELD_KEYS = {"brings": "W", "autonomy_given_up": "A", "losses": "L", "support": "S"}
LOGO_HEIGHT = 44
CARD_LINES = 6
EMPTY_TEXT = (
    "No partners yet. Add the partner organisations on the “Partnership and partners” "
    "step, and each one will get a card here to say what it brings and what it gives up."
)


def partner_title(partner: Partner) -> str:
    return partner.name.strip() or "Unnamed partner"


class ContributionCard(QGroupBox):
    """One partner's card: four prose fields bound to its contribution."""

    def __init__(
        self,
        document: CharterDocument,
        partner: Partner,
        card_id: str | None,
        logos: dict[str, QPixmap | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(partner_title(partner), parent)
        self.document = document
        self.partner_id = partner.id
        self.card_id = card_id
        self.logos = logos
        self.fields: dict[str, ProseEdit] = {}
        self.start_button: QPushButton | None = None
        self.binder: FieldBinder | None = None
        self._logo_name: str | None = ""  # nothing shown yet

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 6, 14, 14)
        layout.setSpacing(8)
        self.logo_label = QLabel()
        self.logo_label.setAccessibleName(f"{partner_title(partner)} logo")
        self.logo_label.setFixedHeight(LOGO_HEIGHT)
        self.logo_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.logo_label)
        self.show_logo(partner.logo)

        if card_id is None:
            layout.addLayout(self._start_row())
        else:
            layout.addLayout(self._grid(card_id))

    def _grid(self, card_id: str) -> QGridLayout:
        # The page passes each change on to the card it touches: 200 cards stay quick.
        binder = FieldBinder(self.document, ("contributions", card_id), listen=False)
        binder.setParent(self)  # it goes when the card goes
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(4)
        for number, (field, label_text, prompt) in enumerate(FIELDS):
            advice = guidance(f"contributions.{field}")
            edit = ProseEdit(lines=CARD_LINES)
            # Cards keep one calm height; long text scrolls inside its field.
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            edit.setFixedHeight(edit.minimumHeight())
            edit.setAccessibleName(label_text)
            edit.setAccessibleDescription(advice or prompt)
            edit.setPlaceholderText(advice or prompt)
            binder.text_edit(edit, field)
            # Each card's field has the same Alt key: pressing it again goes to the next card.
            label = QLabel(label_text.replace(FIELD_KEYS[field], f"&{FIELD_KEYS[field]}", 1))
            label.setObjectName("fieldLabel")
            label.setBuddy(edit)
            row, column = divmod(number, 2)
            grid.addWidget(label, row * 2, column)
            grid.addWidget(edit, row * 2 + 1, column)
            self.fields[field] = edit
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        self.binder = binder
        return grid

    def _start_row(self) -> QHBoxLayout:
        """A partner without a card (only from an old file) can start one here."""
        row = QHBoxLayout()
        row.addWidget(QLabel("This partner has not started its card yet."))
        button = QPushButton("Start this partner's card")
        button.setAccessibleName("Start this partner's card")
        button.clicked.connect(self._start_card)
        row.addWidget(button)
        row.addStretch(1)
        self.start_button = button
        return row

    def _start_card(self) -> None:
        charter = self.document.charter
        index = next(
            (i for i, p in enumerate(charter.partners) if p.id == self.partner_id),
            len(charter.contributions),
        )
        card = Contribution(partner_id=self.partner_id)
        self.document.apply(InsertItem(("contributions",), index, card, "start card"))

    def inputs(self) -> list[QWidget]:
        return [self.start_button] if self.start_button else list(self.fields.values())

    def first_input(self) -> QWidget | None:
        return self.start_button or self.fields.get("brings")

    def update_partner(self, partner: Partner) -> None:
        """The partner was renamed or given a logo: no need to rebuild the card."""
        title = partner_title(partner)
        if self.title() != title:
            self.setTitle(title)
            self.logo_label.setAccessibleName(f"{title} logo")
        self.show_logo(partner.logo)

    def show_logo(self, name: str | None) -> None:
        if name == self._logo_name:
            return
        self._logo_name = name
        if name and name not in self.logos:
            pixmap = pixmap_for(self.document, name)
            self.logos[name] = (
                None
                if pixmap is None
                else pixmap.scaledToHeight(LOGO_HEIGHT, Qt.TransformationMode.SmoothTransformation)
            )
        pixmap = self.logos.get(name) if name else None
        self.logo_label.setPixmap(pixmap or QPixmap())
        self.logo_label.setVisible(pixmap is not None)


class ContributionsPage(WizardPage):
    """One card per partner, in the partners' order."""

    title = SECTION_LABELS["contributions"]
    sections = ("contributions",)
    guidance_key = "contributions"

    def __init__(self, document: CharterDocument, parent: QWidget | None = None) -> None:
        super().__init__(document, parent)
        self.empty_label = QLabel(EMPTY_TEXT)
        self.empty_label.setObjectName("emptyHint")
        self.empty_label.setWordWrap(True)
        self.body.addWidget(self.empty_label)
        self.cards_layout = QVBoxLayout()
        self.cards_layout.setSpacing(16)
        self.body.addLayout(self.cards_layout)
        self.body.addStretch(1)
        self.cards: dict[str, ContributionCard] = {}
        #: Scaled logos by media name, so sixty cards decode each picture once.
        self._logos: dict[str, QPixmap | None] = {}

        document.changed.connect(self._document_changed)
        document.reset.connect(self._reset)
        self.rebuild()

    # -- keeping in step -------------------------------------------------
    def _reset(self) -> None:
        self._logos.clear()
        for card in self.cards.values():
            self._dispose(card)
        self.cards = {}
        self.rebuild()

    def _document_changed(self, path: tuple) -> None:
        path = tuple(path)
        if len(path) <= 1 and (not path or path[0] in ("partners", "contributions")):
            self.rebuild()
        elif path[0] == "partners" and len(path) >= 3 and path[2] in ("name", "logo"):
            partner = self.document.charter.partner(path[1])
            card = self.cards.get(path[1])
            if partner is not None and card is not None:
                card.update_partner(partner)
        elif path[0] == "contributions" and len(path) >= 3 and path[2] == "partner_id":
            self.rebuild()
        self._show_in_cards(path)

    def _show_in_cards(self, path: tuple) -> None:
        """Pass a change on to the cards' inputs: only the card it is in, if it is in one."""
        if not touches(path, ("contributions",)):
            return
        cards = self.cards.values()
        if len(path) >= 2:
            cards = [card for card in cards if card.card_id == path[1]]
        for card in cards:
            if card.binder is not None:
                card.binder.show_changed(path)

    def rebuild(self) -> None:
        """Add, drop and reorder cards to match the partners; keep the rest as they are."""
        charter = self.document.charter
        old = self.cards
        self.cards = {}
        for partner in charter.partners:
            contribution = charter.contribution_for(partner.id)
            card_id = contribution.id if contribution else None
            card = old.pop(partner.id, None)
            if card is not None and card.card_id != card_id:
                self._dispose(card)
                card = None
            if card is None:
                card = ContributionCard(self.document, partner, card_id, self._logos)
            else:
                card.update_partner(partner)
            self.cards[partner.id] = card
        for card in old.values():
            self._dispose(card)
        for index, card in enumerate(self.cards.values()):
            if self.cards_layout.indexOf(card) != index:
                self.cards_layout.removeWidget(card)
                self.cards_layout.insertWidget(index, card)
        self.empty_label.setVisible(not self.cards)
        # Tab goes through the cards in the order they are shown, new and moved ones too.
        chain = [widget for card in self.cards.values() for widget in card.inputs()]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def _dispose(self, card: ContributionCard) -> None:
        self.cards_layout.removeWidget(card)
        card.hide()
        card.deleteLater()

    # -- problems --------------------------------------------------------
    def card_for(self, card_id: str) -> ContributionCard | None:
        return next((c for c in self.cards.values() if c.card_id == card_id), None)

    def widget_for(self, location: Location, item_id: str | None) -> QWidget | None:
        if location[:1] != ("contributions",):
            return None
        if len(location) == 1:
            # A partner without a card: item_id is the partner's id.
            card = self.cards.get(item_id or "") or next(iter(self.cards.values()), None)
            return None if card is None else card.first_input()
        index = location[1]
        contributions = self.document.charter.contributions
        if item_id is None and isinstance(index, int) and 0 <= index < len(contributions):
            item_id = contributions[index].id
        card = self.card_for(item_id or "")
        if card is None:
            return None
        field = str(location[2]) if len(location) > 2 else "brings"
        return card.fields.get(field) or card.first_input()
