"""What the office and the units do with the field network. Each action checks who may do it,
runs in one transaction and is logged; dates are passed in."""

import datetime

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log

from ledgers.models import UnitKind
from ledgers.network import access, address
from ledgers.network.models import (
    Community,
    Compound,
    Household,
    MatchMethod,
    MatchState,
    Responsibility,
    RosterImport,
    VisitMatch,
)
from ledgers.network.roster import read_roster
from ledgers.roles import is_office, unit_of
from ledgers.rules import ActionRefused

UNNAMED_COMPOUND = "未注明小区"

ACTION_LABELS = {
    "assign": "划分包联责任",
    "roster": "导入住户花名册",
    "resolve": "人工确认走访住户",
}


class NetworkRefused(ActionRefused):
    pass


def _log(instance, action, user=None, **data):
    log(instance=instance, action=f"network.{action}", user=user, data=data)


# --- 包联责任划分 ----------------------------------------------------------------------------


def assign(community, compound, unit, *, start_on, user, note=""):
    """Make ``unit`` responsible for ``compound`` (or, with none, the whole community) from
    ``start_on``: the open responsibility for the same ground ends the day before. The office
    only; a town cannot be the responsible department."""
    if user is not None and not is_office(user):
        raise PermissionDenied
    if unit.kind != UnitKind.DEPARTMENT:
        raise NetworkRefused(f"“{unit}”不是市直部门:包联责任只能划分给市直部门。")
    if compound is not None and compound.community_id != community.pk:
        raise NetworkRefused(f"“{compound.name}”不属于“{community.name}”。")
    with transaction.atomic():
        current = list(
            # of=("self",), no ordering: PostgreSQL refuses FOR UPDATE on the nullable side of the
            # outer join that the default ordering (by compound name) would add
            Responsibility.objects.select_for_update(of=("self",))
            .filter(community=community, compound=compound, end_on__isnull=True)
            .order_by("pk")
        )
        for old in current:
            if old.unit_id == unit.pk:
                return old  # already responsible: nothing changes
            if old.start_on >= start_on:
                raise NetworkRefused(
                    f"现包联单位“{old.unit}”自 {old.start_on:%Y-%m-%d} 起负责,新的起始日期必须晚于该日期。"
                )
            old.end_on = start_on - datetime.timedelta(days=1)
            old.save(update_fields=["end_on"])
        new = Responsibility.objects.create(
            community=community,
            compound=compound,
            unit=unit,
            start_on=start_on,
            note=note,
            created_by=user,
        )
        _log(
            new,
            "assign",
            user,
            unit=str(unit),
            previous=[str(o.unit) for o in current],
            start_on=start_on.isoformat(),
        )
    return new


# --- the roster ------------------------------------------------------------------------------


def may_import_roster(user, community, on):
    """The office, or a department answering for at least one compound of the community."""
    if is_office(user):
        return True
    unit = unit_of(user)
    if unit is None:
        return False
    return access.responsible_compounds(unit, on).filter(community=community).exists()


def import_roster(community, fileobj, name, *, user, on):
    """Read a roster workbook into ``community``: new households are added, households already
    on the roster (same compound and address key) get the head and phone of the file; rows that
    need a look are stored 待核实 with the reason. One transaction. Returns the RosterImport."""
    if user is not None and not may_import_roster(user, community, on):
        raise PermissionDenied
    reading = read_roster(fileobj, name)
    compounds = {c.name: c for c in Compound.objects.filter(community=community)}
    with transaction.atomic():
        batch = RosterImport.objects.create(
            community=community, original_name=name[:255], imported_by=user
        )
        created, updated, review = [], [], 0
        seen = {}
        existing = {
            (h.compound_id, h.address_key): h
            for h in Household.objects.filter(compound__community=community).exclude(address_key="")
        }
        for row in reading.rows:
            compound_name = row.compound.strip() or UNNAMED_COMPOUND
            compound = compounds.get(compound_name)
            if compound is None:
                compound = Compound.objects.create(community=community, name=compound_name)
                compounds[compound_name] = compound
            problems = list(row.problems)
            ident = (compound.pk, row.key)
            if row.key and ident in seen:
                problems.append(f"与第{seen[ident]}行地址相同")
                reading.add(
                    "finding",
                    row.sheet,
                    row.number,
                    None,
                    "住址",
                    f"第{row.number}行与第{seen[ident]}行是同一地址:两行都已保存,请核对是否重复。",
                )
            elif row.key and ident in existing:
                household = existing[ident]
                household.head_name = row.head_name or household.head_name
                household.phone = row.phone or household.phone
                household.address = row.address or household.address
                household.roster_import = batch
                updated.append(household)
                seen[ident] = row.number
                continue
            if row.key:
                seen.setdefault(ident, row.number)
            created.append(
                Household(
                    compound=compound,
                    address=row.address,
                    address_key=row.key,
                    building=row.building,
                    entrance=row.entrance,
                    room=row.room,
                    head_name=row.head_name,
                    phone=row.phone,
                    needs_review=bool(problems),
                    review_note=";".join(problems)[:200],
                    roster_import=batch,
                )
            )
            review += bool(problems)
        Household.objects.bulk_create(created, batch_size=2000)
        Household.objects.bulk_update(
            updated, ["head_name", "phone", "address", "roster_import"], batch_size=2000
        )
        batch.created_count = len(created)
        batch.updated_count = len(updated)
        batch.review_count = review
        batch.issues = reading.issues[:5000]
        if reading.issues:
            from ledgers.sheets.workbooks import annotated_workbook

            content = annotated_workbook(fileobj, name, reading.kind, reading.issues)
            batch.annotated.save("annotated.xlsx", ContentFile(content), save=False)
        batch.save()
        _log(batch, "roster", user, created=len(created), updated=len(updated), review=review)
        rematch_community(community)
    return batch


# --- visits matched to households --------------------------------------------------------------


def candidate_compounds(unit, start, end):
    """The compounds ``unit`` answered for at any day of the period (its ground for matching);
    for a town, every compound of its area as well."""
    overlapping = Responsibility.objects.filter(unit=unit, start_on__lte=end).filter(
        Q(end_on__isnull=True) | Q(end_on__gte=start)
    )
    whole = overlapping.filter(compound__isnull=True).values("community_id")
    own = overlapping.filter(compound__isnull=False).values("compound_id")
    ground = Q(pk__in=own) | Q(community_id__in=whole)
    if unit.kind == UnitKind.TOWN:  # a town visits its own residents: its whole area
        ground |= Q(community__town=unit)
    return Compound.objects.filter(ground).select_related("community")


def match_row(row, compounds, households_by_compound):
    """``(household, method, candidates)`` for one 附件1 row: the compound named in the address,
    then the household with the same address key (a tie broken by name, then phone); without a
    key, the phone or the name within the compound. ``(None, "", [ids…])`` when unsure."""
    from ledgers.sheets.normalise import normalise_name

    compound = address.find_compound(row.address, compounds)
    pool = households_by_compound.get(compound.pk, []) if compound else []
    if not pool:
        # no compound named: a phone on the roster of the unit's ground is still a match
        if row.phone:
            hits = [h for hs in households_by_compound.values() for h in hs if h.phone == row.phone]
            if len(hits) == 1:
                return hits[0], MatchMethod.PHONE, []
        return None, "", []
    name = normalise_name(row.person_name)
    key = address.key_of(row.address, compound.name)
    if key:
        same = [h for h in pool if h.address_key == key]
        if len(same) == 1:
            return same[0], MatchMethod.ADDRESS, []
        if len(same) > 1:
            by_name = [h for h in same if name and normalise_name(h.head_name) == name]
            if len(by_name) == 1:
                return by_name[0], MatchMethod.NAME, []
            by_phone = [h for h in same if row.phone and h.phone == row.phone]
            if len(by_phone) == 1:
                return by_phone[0], MatchMethod.PHONE, []
            return None, "", [h.pk for h in same][:20]
    by_phone = [h for h in pool if row.phone and h.phone == row.phone]
    if len(by_phone) == 1:
        return by_phone[0], MatchMethod.PHONE, []
    by_name = [h for h in pool if name and normalise_name(h.head_name) == name]
    if len(by_name) == 1 and not key:
        return by_name[0], MatchMethod.NAME, []
    building = address.parse_address(row.address, compound.name)[0]
    near = [h for h in pool if building and h.building == building] or by_name
    return None, "", [h.pk for h in near][:20]


def match_upload(upload):
    """Match every row of a confirmed 附件1 upload to the unit's roster (rows matched by hand
    keep their household). Returns ``(matched, unmatched)``."""
    from ledgers.network.rules import period_bounds
    from ledgers.sheets.layouts import Attachment

    if upload.attachment != Attachment.VISITS:
        return 0, 0
    period = upload.period
    start, end = period_bounds(period.year, period.half)
    compounds = list(candidate_compounds(upload.unit, start, end))
    by_compound = {}
    for h in Household.objects.filter(compound__in=[c.pk for c in compounds]).only(
        "pk", "compound_id", "address_key", "building", "head_name", "phone"
    ):
        by_compound.setdefault(h.compound_id, []).append(h)
    if not by_compound:
        # no roster on the unit's ground yet: nothing to match against, nothing to resolve
        # (the rows are matched when a roster arrives: ``rematch_community``)
        VisitMatch.objects.filter(ledger_row__upload=upload, state=MatchState.UNMATCHED).delete()
        return 0, 0
    kept = set(
        VisitMatch.objects.filter(ledger_row__upload=upload, state=MatchState.RESOLVED).values_list(
            "ledger_row_id", flat=True
        )
    )
    matched = unmatched = 0
    fresh = []
    for row in upload.rows.exclude(pk__in=kept).only("pk", "address", "person_name", "phone"):
        household, method, candidates = match_row(row, compounds, by_compound)
        fresh.append(
            VisitMatch(
                ledger_row_id=row.pk,
                unit_id=upload.unit_id,
                year=period.year,
                half=period.half,
                household=household,
                state=MatchState.MATCHED if household else MatchState.UNMATCHED,
                method=method,
                candidates=candidates,
            )
        )
        matched += household is not None
        unmatched += household is None
    with transaction.atomic():
        VisitMatch.objects.filter(ledger_row__upload=upload).exclude(
            ledger_row_id__in=kept
        ).delete()
        VisitMatch.objects.bulk_create(fresh, batch_size=2000)
    return matched, unmatched


def rematch_community(community):
    """After a roster import: match again the current 附件1 uploads of the units answering for
    the community's ground and of its town (rows resolved by hand are kept)."""
    from ledgers.sheets.layouts import Attachment
    from ledgers.sheets.models import LedgerUpload, UploadStatus

    units = Responsibility.objects.filter(community=community).values("unit_id")
    uploads = LedgerUpload.objects.filter(
        Q(unit_id__in=units) | Q(unit_id=community.town_id),
        attachment=Attachment.VISITS,
        status=UploadStatus.CONFIRMED,
    ).select_related("period", "unit")
    for upload in uploads:
        match_upload(upload)


def resolve(match, *, user, at, household=None, new_household=None):
    """The unit settles an unmatched visit: it chooses a household of its ground, or adds one
    (``new_household``: dict with compound, address, head_name, phone)."""
    unit = unit_of(user)
    if not (is_office(user) or (unit is not None and unit.pk == match.unit_id)):
        raise PermissionDenied
    on = at.date() if hasattr(at, "date") else at
    allowed = access.responsible_compounds(match.unit, on) if not is_office(user) else None
    with transaction.atomic():
        if new_household is not None:
            compound = new_household["compound"]
            if allowed is not None and not allowed.filter(pk=compound.pk).exists():
                raise NetworkRefused("只能在本单位包联的小区中添加住户。")
            parts = address.parse_address(new_household["address"], compound.name)
            household = Household.objects.create(
                compound=compound,
                address=new_household["address"],
                address_key=address.address_key(*parts),
                building=parts[0],
                entrance=parts[1],
                room=parts[2],
                head_name=new_household.get("head_name", ""),
                phone=new_household.get("phone", ""),
                needs_review=True,
                review_note="走访台账中补录,待社区核对",
            )
        elif household is None:
            raise NetworkRefused("请选择一户,或填写新住户。")
        elif allowed is not None and not allowed.filter(pk=household.compound_id).exists():
            raise NetworkRefused("只能选择本单位包联小区的住户。")
        match.household = household
        match.state = MatchState.RESOLVED
        match.method = MatchMethod.HAND
        match.resolved_by = user
        match.resolved_at = at
        match.save()
        _log(match, "resolve", user, household=household.pk, row=match.ledger_row_id)
    return match


# --- the assignment table in Excel -------------------------------------------------------------

ASSIGNMENT_HEADERS = {
    "town": ("镇街区", "镇街", "街道", "镇(街区)"),
    "community": ("村(社区)", "村社区", "社区", "村", "村(居)"),
    "compound": ("小区", "小区/自然村", "自然村", "小区(自然村)"),
    "unit": ("包联单位", "责任单位", "包联部门", "单位"),
    "start_on": ("起始日期", "开始日期", "起始时间", "包联日期"),
    "note": ("说明", "备注"),
}


def parse_day(value):
    """A date cell as typed: a real date, "2026-01-01", "2026/1/1", "2026.1.1", "2026年1月1日"."""
    import re

    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    m = re.fullmatch(
        r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", str(value or "")
    )
    if not m:
        return None
    try:
        return datetime.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def import_assignments(fileobj, name, *, user):
    """Read a 包联责任划分 table and assign each row (office only). One transaction: the rows
    that can be placed are saved; each row that cannot is returned with why and how to fix it.
    Returns ``(saved, refused)``: a count and ``[{"row", "column", "message"}]``."""
    from ledgers.models import Unit
    from ledgers.sheets.layouts import normalise_header
    from ledgers.sheets.normalise import cell_text
    from ledgers.sheets.reader import open_sheets

    if not is_office(user):
        raise PermissionDenied
    lookup = {normalise_header(a): k for k, aliases in ASSIGNMENT_HEADERS.items() for a in aliases}
    units = {}
    for unit in Unit.objects.all():
        units[unit.name] = unit
        if unit.short_name:
            units.setdefault(unit.short_name, unit)
    communities = {(c.town.name, c.name): c for c in Community.objects.select_related("town")}
    compounds = {(c.community_id, c.name): c for c in Compound.objects.all()}
    saved, refused = 0, []
    _kind, sheets = open_sheets(fileobj, name)
    with transaction.atomic():
        for sheet in sheets:
            header = None
            for number, values in sheet.rows:
                texts = [cell_text(v) for v in values]
                if not any(texts):
                    continue
                if header is None:
                    found = {
                        i: lookup[normalise_header(t)]
                        for i, t in enumerate(texts)
                        if normalise_header(t) in lookup
                    }
                    if {"community", "unit", "start_on"} <= set(found.values()):
                        header = found
                    continue
                cells = {
                    key: (
                        i,
                        values[i] if i < len(values) else None,
                        texts[i] if i < len(texts) else "",
                    )
                    for i, key in header.items()
                }
                problem = _assignment_row(cells, units, communities, compounds, user)
                if isinstance(problem, dict):
                    problem.update(sheet=sheet.name, row=number)
                    refused.append(problem)
                else:
                    saved += 1
            if header is None:
                refused.append(
                    {
                        "sheet": sheet.name,
                        "row": 1,
                        "column": "",
                        "message": "没有找到表头:需要“村(社区)”“包联单位”“起始日期”列。",
                    }
                )
    return saved, refused


def _assignment_row(cells, units, communities, compounds, user):
    from openpyxl.utils import get_column_letter

    def refuse(key, message):
        index = cells.get(key, (None,))[0]
        return {
            "column": get_column_letter(index + 1) if index is not None else "",
            "message": message,
        }

    def text(key):
        return cells.get(key, (0, None, ""))[2]

    town_name, community_name = text("town"), text("community")
    town = units.get(town_name)
    if town_name and town is None:
        return refuse("town", f"镇街区“{town_name}”不在单位名单中,请改为单位全称或简称。")
    candidates = [
        c
        for (t, n), c in communities.items()
        if n == community_name and (town is None or c.town_id == town.pk)
    ]
    if len(candidates) != 1:
        return refuse(
            "community",
            f"村(社区)“{community_name}”"
            + (
                "不在名单中,请先在“村(社区)”中添加或改正名称。"
                if not candidates
                else "有重名,请填写镇街区。"
            ),
        )
    community = candidates[0]
    compound = None
    if text("compound"):
        compound = compounds.get((community.pk, text("compound")))
        if compound is None:
            return refuse(
                "compound",
                f"“{text('compound')}”不是“{community.name}”的小区/自然村:请先添加,或留空表示整个村(社区)。",
            )
    unit = units.get(text("unit"))
    if unit is None:
        return refuse("unit", f"包联单位“{text('unit')}”不在单位名单中,请改为单位全称或简称。")
    start_on = parse_day(cells.get("start_on", (0, None, ""))[1])
    if start_on is None:
        return refuse("start_on", f"起始日期“{text('start_on')}”无法识别,请写成 2026-01-01。")
    try:
        assign(community, compound, unit, start_on=start_on, user=user, note=text("note")[:200])
    except NetworkRefused as exc:
        return refuse("unit", str(exc))
    return None
