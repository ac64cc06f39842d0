"""A unit created or activated while a period is open owes that period's ledgers too."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import Signal, receiver

from ledgers.models import Unit

# Sent (after the transaction commits) when an upload's rows have been saved and made current;
# ``upload`` is the LedgerUpload. Other modules (the field network's visit matching) listen.
upload_confirmed = Signal()


def owe_open_periods(unit):
    """Give an active ``unit`` the default obligations of every open period; existing ones are
    kept. Returns how many obligations were created."""
    from ledgers.sheets.models import Period

    if not unit.is_active:
        return 0
    return sum(period.ensure_obligations([unit]) for period in Period.objects.filter(is_open=True))


def joins_reporting(created, was_active, is_active):
    """Policy: a unit starts owing the open periods' ledgers when it is created active or is
    activated; any other edit leaves its obligations alone (the office may have exempted it)."""
    return is_active and (created or not was_active)


@receiver(pre_save, sender=Unit, dispatch_uid="sheets_unit_was_active")
def unit_before_save(sender, instance, raw=False, **kwargs):
    if instance.pk:
        instance._sheets_was_active = (
            Unit.objects.filter(pk=instance.pk).values_list("is_active", flat=True).first()
        )


@receiver(post_save, sender=Unit, dispatch_uid="sheets_owe_open_periods")
def unit_saved(sender, instance, created, raw=False, **kwargs):
    if raw:  # loaddata: fixtures carry their own obligations
        return
    was_active = bool(getattr(instance, "_sheets_was_active", False))
    if joins_reporting(created, was_active, instance.is_active):
        owe_open_periods(instance)
