"""Each rule of the inspections on its own."""

from types import SimpleNamespace

from ledgers.inspections import rules
from ledgers.inspections.models import Decision, PublicationState


def finding(**kw):
    return SimpleNamespace(
        **{"decision": Decision.PENDING, "case_id": None, "released_at": None} | kw
    )


def test_a_decision_can_change_until_the_finding_has_a_case():
    assert rules.may_decide(finding())
    assert not rules.may_decide(finding(case_id=5))


def test_hand_over_only_once():
    assert rules.may_hand_over(finding())
    assert not rules.may_hand_over(finding(case_id=5))


def test_release_needs_a_decision_and_happens_once():
    assert not rules.may_release(finding())
    assert rules.may_release(finding(decision=Decision.NOTIFY))
    assert not rules.may_release(finding(decision=Decision.NOTIFY, released_at="x"))


def test_publication_needs_a_decision_and_is_proposed_once():
    assert not rules.may_propose_publication(finding(), False)
    assert rules.may_propose_publication(finding(decision=Decision.NOTIFY), False)
    assert not rules.may_propose_publication(finding(decision=Decision.NOTIFY), True)


def test_four_eyes_the_proposer_cannot_approve():
    pub = SimpleNamespace(state=PublicationState.PENDING, proposed_by_id=1)
    assert not rules.may_approve_publication(pub, SimpleNamespace(pk=1))
    assert rules.may_approve_publication(pub, SimpleNamespace(pk=2))
    published = SimpleNamespace(state=PublicationState.PUBLISHED, proposed_by_id=1)
    assert not rules.may_approve_publication(published, SimpleNamespace(pk=2))


def test_withdraw_only_what_is_not_withdrawn():
    assert rules.may_withdraw_publication(SimpleNamespace(state=PublicationState.PUBLISHED))
    assert not rules.may_withdraw_publication(SimpleNamespace(state=PublicationState.WITHDRAWN))
