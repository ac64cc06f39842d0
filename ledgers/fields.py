"""Form fields shared by the modules of ``ledgers``."""

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one ``<input type=file multiple>``; cleans to a list (empty when none).

    ``accept`` (e.g. ".jpg,.png,.pdf") only narrows the browser's file picker; the server checks
    the content with ``ledgers.uploads.validate_upload``."""

    def __init__(self, *args, accept=None, **kwargs):
        attrs = {"accept": accept} if accept else {}
        kwargs.setdefault("widget", MultipleFileInput(attrs=attrs))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]
