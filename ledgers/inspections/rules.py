"""The rules of 纪委 inspections, one function each (tests in tests/ledgers/inspections/test_rules.py)."""

from ledgers.inspections.models import Decision, PublicationState

# Working days a unit gets for a finding handed over for rectification (the office's default for
# cases); 纪委 may set another limit when handing over.
HAND_OVER_TIME_LIMIT_DEFAULT = 10
HAND_OVER_TIME_LIMIT_MAX = 60

EVIDENCE_KINDS = ("jpeg", "png", "pdf")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_FILES = 5


def may_decide(finding):
    """A decision may change until the finding has become a rectification case."""
    return finding.case_id is None


def may_hand_over(finding):
    """交办整改 opens one case per finding: not again once it has one."""
    return finding.case_id is None


def may_release(finding):
    """A finding is released to its unit once 纪委 has decided something about it, and only once."""
    return finding.decision != Decision.PENDING and finding.released_at is None


def may_propose_publication(finding, has_publication):
    """Only a decided finding may be made public, and only once (one publication per finding)."""
    return finding.decision != Decision.PENDING and not has_publication


def may_approve_publication(publication, user):
    """Four eyes: a publication goes live only when a 纪委 member other than its proposer
    approves it."""
    return (
        publication.state == PublicationState.PENDING
        and user is not None
        and publication.proposed_by_id is not None
        and publication.proposed_by_id != user.pk
    )


def may_withdraw_publication(publication):
    return publication.state in (PublicationState.PENDING, PublicationState.PUBLISHED)
