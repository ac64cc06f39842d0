"""Forms of the spot-check screens."""

from django import forms

from ledgers.models import ProblemCategory, Unit
from ledgers.spotchecks.models import Call, Outcome, Task


class DrawForm(forms.Form):
    seed = forms.CharField(
        label="随机种子",
        max_length=64,
        required=False,
        help_text="可留空,系统自动生成并记录;如需当众抽样,可由见证人现场给出一串数字或字母。",
    )


TASK_FIELDS = {
    Task.VISITS: ["visited", "got_card", "got_survey", "got_leaflet", "difficulty_solved"],
    Task.TARGETS: ["knows_cadre"],
    Task.CASES: ["problem_solved", "answer_received"],
    Task.WINDOW: ["window_service"],
}


class CallForm(forms.ModelForm):
    """What the caller records; the questions shown depend on the task."""

    outcome = forms.ChoiceField(label="核实结果", choices=Outcome.choices, widget=forms.RadioSelect)

    class Meta:
        model = Call
        fields = [
            "outcome",
            "visited",
            "got_card",
            "got_survey",
            "got_leaflet",
            "difficulty_solved",
            "knows_cadre",
            "problem_solved",
            "answer_received",
            "window_service",
            "satisfaction",
            "note",
            "new_problem",
        ]
        widgets = {
            "note": forms.Textarea(attrs={"rows": 3}),
            "new_problem": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        keep = set(TASK_FIELDS.get(task, []))
        for fields in TASK_FIELDS.values():
            for name in fields:
                if name not in keep:
                    del self.fields[name]
        for name in (
            "visited",
            "got_card",
            "got_survey",
            "got_leaflet",
            "difficulty_solved",
            "knows_cadre",
            "problem_solved",
            "answer_received",
        ):
            if name in self.fields:
                self.fields[name].widget = forms.RadioSelect(choices=self.fields[name].choices)
        if "satisfaction" in self.fields:
            self.fields["satisfaction"].widget = forms.RadioSelect(
                choices=self.fields["satisfaction"].choices
            )

    def answers(self):
        data = dict(self.cleaned_data)
        data.pop("outcome")
        return data


class RaiseCaseForm(forms.Form):
    category = forms.ModelChoiceField(
        label="问题类型", queryset=ProblemCategory.objects.none(), empty_label="请选择问题类型"
    )
    unit = forms.ModelChoiceField(
        label="责任单位",
        queryset=Unit.objects.none(),
        empty_label="请选择单位",
        help_text="默认为被抽查单位;新反映的问题可交给其他单位。",
    )
    content = forms.CharField(
        label="问题内容",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text="将写入整改问题;承办单位看到的内容会隐去姓名和电话。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = ProblemCategory.objects.all()
        self.fields["unit"].queryset = Unit.objects.active()
