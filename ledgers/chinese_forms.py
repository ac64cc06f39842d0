"""Public forms in Chinese running text: the label ends in a full-width colon (姓名：)."""

FULL_WIDTH_LABEL_SUFFIX = "\uff1a"


class FullWidthLabelsMixin:
    """Put before ``forms.Form`` in a public form's bases: labels end in "：", not ":"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", FULL_WIDTH_LABEL_SUFFIX)
        super().__init__(*args, **kwargs)
