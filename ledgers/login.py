"""The admin login form with Chinese labels: Wagtail's password field has no label, so Django
printed its field name ("Password")."""

from wagtail.admin.forms.auth import LoginForm


class PortalLoginForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = "密码"
        self.fields["remember"].label = "记住我"
