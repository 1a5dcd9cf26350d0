"""What the Sign-off step says about itself: how many have signed, how many must sign again."""

from __future__ import annotations

from charter_builder.charter.model import Signature
from charter_builder.drafts.starters import load_starter
from charter_builder.signatures.sign_off_status import sign_off_status
from charter_builder.signatures.signing import content_digest


def signed(charter, count: int, digest: str | None = None):
    digest = digest or content_digest(charter)
    signatures = [
        Signature(partner_id=p.id, signatory_name="A Signatory", digest=digest)
        for p in charter.partners[:count]
    ]
    return charter.model_copy(update={"signatures": signatures})


def test_counts_and_words() -> None:
    charter = load_starter("example").charter
    total = len(charter.partners)
    status = sign_off_status(charter)
    assert (status.signed, status.earlier, status.unsigned) == (0, 0, total)
    assert status.short == f"0 of {total} signed"
    assert not status.complete

    three = signed(charter, 3)
    assert sign_off_status(three).short == f"3 of {total} signed"
    assert sign_off_status(three).sentence == f"3 of {total} partners have signed this version."

    # Two signed an earlier text: they must sign again.
    earlier = signed(charter, 2, "0" * 64)
    status = sign_off_status(earlier)
    assert status.short == f"0 of {total} signed, 2 to sign again"
    assert "2 signed an earlier version and need to sign again" in status.sentence
    one = sign_off_status(signed(charter, 1, "0" * 64))
    assert "1 signed an earlier version and needs to sign again" in one.sentence

    everyone = sign_off_status(signed(charter, total))
    assert everyone.complete
    assert everyone.short == "all signed"
    assert everyone.sentence == "Every partner has signed this version. The charter is agreed."


def test_no_partners_yet() -> None:
    charter = load_starter("blank").charter.model_copy(update={"partners": []})
    status = sign_off_status(charter)
    assert status.short == "no partners yet"
    assert not status.complete
    assert "Partnership and partners" in status.sentence
