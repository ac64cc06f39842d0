"""Every state change of a spot-check round and its calls, in one place: each function checks
that the user is office staff, changes the data in one transaction and writes a Wagtail log entry
(who, when, what). Dates and times are passed in (``on=``, ``at=``)."""

import datetime
import secrets

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from ledgers.permissions import require_office
from ledgers.rules import ActionRefused
from ledgers.spotchecks import rules
from ledgers.spotchecks.models import Call, Outcome, Round, RoundState, Task
from ledgers.spotchecks.population import population

ACTION_LABELS = {
    "draw": "随机抽样",
    "verify": "重新抽样验证",
    "publish": "公布抽查结果",
    "reveal": "显示号码",
    "record": "记录通话结果",
    "raise_case": "转为整改问题",
    "export": "导出抽查名单",
}


class SpotCheckRefused(ActionRefused):
    """A spot-check action that is not allowed now (the message says why, in Chinese)."""


def _log(instance, action, user=None, **data):
    log(instance=instance, action=f"spotchecks.{action}", user=user, data=data)


def new_seed():
    """A fresh random seed: twelve digits from the operating system's randomness (digits only, so
    it can be read out over the phone or written in the minutes)."""
    return f"{secrets.randbelow(10**12):012d}"


def size_rule(round_):
    return rules.SizeRule(
        mode=round_.size_mode,
        per_unit=round_.per_unit,
        percent=round_.share_percent,
        minimum=round_.minimum,
    )


def recently_called(round_, on, at=None):
    """Person keys of everyone called (at least one attempt) in the ``exclude_months`` months
    before ``on``, in any other round."""
    since = rules.months_before(on, round_.exclude_months)
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(since, datetime.time.min), tz)
    calls = Call.objects.filter(called_at__gte=start).exclude(round=round_)
    if at is not None:
        calls = calls.filter(called_at__lt=at)
    return {
        key for key in (rules.person_key(p) for p in calls.values_list("phone", flat=True)) if key
    }


def frame_of(strata):
    """The sampling frame as stored on the round: ``{"unit|task": [[key, person], …]}``."""
    return {
        rules.stratum_label(stratum): sorted([p.key, p.person] for p in people)
        for stratum, people in strata.items()
    }


def strata_from_frame(frame):
    """The stored frame back as ``{(unit_id, task): [Candidate, …]}``."""
    strata = {}
    for label, entries in frame.items():
        unit_id, task = label.split("|", 1)
        strata[(int(unit_id), task)] = [rules.Candidate(key, person) for key, person in entries]
    return strata


def draw(round_, *, user, on, at=None, seed=""):
    """Draw the round's sample (once): the frame is read from the ledgers, cases and ratings,
    recently called people are left out, and one :class:`Call` is created per person drawn. The
    seed typed by the office (or the round's, or a new random one) is recorded on the round."""
    require_office(user)
    at = at or timezone.now()
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.state != RoundState.DRAFT:
            raise SpotCheckRefused("本轮已经抽样,不能再次抽样;可用“重新抽样验证”核对名单。")
        if not round_.tasks:
            raise SpotCheckRefused("请至少选择一项抽查任务。")
        round_.seed = (seed or round_.seed or "").strip() or new_seed()
        people = population(round_)
        excluded = recently_called(round_, on, at)
        sample = rules.draw_sample(
            {s: [p.candidate() for p in group] for s, group in people.items()},
            round_.seed,
            size_rule(round_),
            excluded,
        )
        by_key = {p.key: p for group in people.values() for p in group}
        calls = []
        for (unit_id, task), picked in sample.items():
            for position, candidate in enumerate(picked, start=1):
                person = by_key[candidate.key]
                calls.append(
                    Call(
                        round=round_,
                        unit_id=unit_id,
                        task=task,
                        position=position,
                        source_ref=person.key,
                        person_name=person.name[:100],
                        phone=person.phone[:40],
                        address=(person.address or "")[:255],
                        facts={k: v for k, v in person.facts.items() if v},
                    )
                )
        Call.objects.bulk_create(calls)
        round_.frame = frame_of(people)
        round_.excluded = sorted(excluded)
        round_.state = RoundState.DRAWN
        round_.drawn_at = at
        round_.drawn_by = user
        round_.save()
        _log(
            round_,
            "draw",
            user,
            seed=round_.seed,
            calls=len(calls),
            strata=len(people),
            population=sum(len(g) for g in people.values()),
            excluded=len(excluded),
        )
    return round_


def stored_sample(round_):
    """The drawn sample as stored: ``{stratum label: [source keys in drawing order]}``."""
    sample = {}
    for unit_id, task, key in round_.calls.order_by("unit_id", "task", "position").values_list(
        "unit_id", "task", "source_ref"
    ):
        sample.setdefault(rules.stratum_label((unit_id, task)), []).append(key)
    return sample


def redraw(round_, seed=None):
    """The sample recomputed from the round's recorded frame and exclusions with ``seed`` (by
    default the recorded seed): ``{stratum label: [source keys]}`` (empty strata left out)."""
    sample = rules.draw_sample(
        strata_from_frame(round_.frame),
        round_.seed if seed is None else seed,
        size_rule(round_),
        set(round_.excluded),
    )
    return {
        rules.stratum_label(stratum): [c.key for c in picked]
        for stratum, picked in sample.items()
        if picked
    }


def verify(round_, *, user):
    """重新抽样验证: redraw from the recorded frame with the recorded seed and compare with the
    calls on file; also say whether the ledgers have changed since the draw. Logged."""
    require_office(user)
    if not round_.is_drawn:
        raise SpotCheckRefused("本轮尚未抽样。")
    stored = stored_sample(round_)
    again = redraw(round_)
    frame_now = frame_of(population(round_))
    result = {
        "matches": stored == again,
        "calls": sum(len(v) for v in stored.values()),
        "differing_strata": sorted(
            k for k in set(stored) | set(again) if stored.get(k) != again.get(k)
        ),
        "frame_unchanged": frame_now == round_.frame,
    }
    _log(
        round_, "verify", user, matches=result["matches"], frame_unchanged=result["frame_unchanged"]
    )
    return result


def reveal_phone(call, *, user):
    """The office caller asks to see the number: logged (who and when) on the call."""
    require_office(user)
    _log(call, "reveal", user, round=call.round_id)
    return call.phone


def record_call(call, *, user, at, outcome, **answers):
    """Record one call attempt (or correct the result of a call that got through). 无法接通 may
    be retried until :data:`rules.MAX_ATTEMPTS`; a published round is closed."""
    require_office(user)
    if outcome not in Outcome.values:
        raise SpotCheckRefused("请选择核实结果。")
    with transaction.atomic():
        call = Call.objects.select_for_update().select_related("round").get(pk=call.pk)
        if call.round.state != RoundState.DRAWN:
            raise SpotCheckRefused("本轮结果已公布,不能再修改通话记录。")
        new_attempt = call.outcome in ("", Outcome.UNREACHABLE)
        if (
            new_attempt
            and call.outcome == Outcome.UNREACHABLE
            and not rules.can_retry(call.outcome, call.attempts)
        ):
            raise SpotCheckRefused(f"已拨打 {call.attempts} 次未接通,不再重拨。")
        if new_attempt:
            call.attempts += 1
        call.outcome = outcome
        call.called_at = at
        call.called_by = user
        for name, value in answers.items():
            setattr(call, name, value)
        call.save()
        _log(call, "record", user, outcome=outcome, attempts=call.attempts)
    return call


def raise_case(call, *, user, on, category, unit=None, content=""):
    """Turn a 不属实 finding or a new problem reported on the call into a rectification case for
    the unit (assigned at once), once per call; the call links to it. Returns ``(case, created)``."""
    from ledgers.rectification.models import SourceKind
    from ledgers.rectification.services import open_case_from_source

    require_office(user)
    if not rules.may_raise_case(call.outcome, call.new_problem):
        raise SpotCheckRefused("只有核实为“不属实(虚报)”或群众反映了新问题的电话才能转为整改问题。")
    unit = unit or call.unit
    if not content.strip():
        content = default_case_content(call)
    with transaction.atomic():
        case, created = open_case_from_source(
            call,
            kind=SourceKind.SPOT_CHECK,
            user=user,
            on=on,
            unit=unit,
            reporter_name=call.person_name[:40],
            reporter_phone=call.phone[:40],
            category=category,
            content=content,
            snapshot={
                "round": str(call.round),
                "task": call.get_task_display(),
                "content": content,
            },
        )
        if call.case_id != case.pk:
            Call.objects.filter(pk=call.pk).update(case=case)
            call.case = case
        if created:
            _log(call, "raise_case", user, case=case.pk)
    return case, created


def default_case_content(call):
    task = call.get_task_display()
    if call.outcome == Outcome.FALSE:
        text = f"{call.round}:{call.unit}{task}台账记载经电话核实不属实(虚报)。"
        if call.task == Task.VISITS:
            missing = [
                label
                for name, label in (
                    ("visited", "入户走访"),
                    ("got_card", "联系卡"),
                    ("got_survey", "调查卷"),
                    ("got_leaflet", "宣传纸"),
                    ("difficulty_solved", "解决困难事"),
                )
                if getattr(call, name) == "no"
            ]
            if missing:
                text += "群众表示未有:" + "、".join(missing) + "。"
        if call.note:
            text += call.note
        if call.new_problem:
            text += "群众另反映:" + call.new_problem
        return text
    return f"{call.round}电话抽查中群众反映:{call.new_problem}"


def publish(round_, *, user, at):
    """The office publishes the round's results: from now on each unit sees its own figures."""
    require_office(user)
    with transaction.atomic():
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
        if round_.state != RoundState.DRAWN:
            raise SpotCheckRefused("只有已抽样、尚未公布的轮次可以公布结果。")
        round_.state = RoundState.PUBLISHED
        round_.published_at = at
        round_.save(update_fields=["state", "published_at"])
        _log(round_, "publish", user)
    return round_


def log_export(round_, *, user):
    _log(round_, "export", user)
