from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    """Year-end assessment (年终考核): schemes of weighted indicators computed from the evidence in
    the other modules, unit scorecards, adjustments, the frozen results and the assessment workbook."""

    name = "ledgers.assessment"
    label = "assessment"
    verbose_name = "年终考核"
