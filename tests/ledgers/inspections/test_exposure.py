"""The public 曝光台 page: approved publications only, redacted, from the page tree."""

from wagtail.models import Page, Site

from home.models import HomePage
from ledgers.inspections import services
from ledgers.inspections.demo import ensure_page
from tests.ledgers.inspections.conftest import AT


def exposure_home():
    """A live home page as the default site's root (tests start from Wagtail's initial tree)."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        home = HomePage(title="首页", slug="home-test")
        root.add_child(instance=home)
        home.save_revision().publish()
        Site.objects.update_or_create(
            is_default_site=True, defaults={"root_page": home, "hostname": "localhost"}
        )
    return home


def test_only_approved_publications_show_redacted(client, iw):
    exposure_home()
    page = ensure_page()
    finding = iw["released"]
    finding.description = "群众李四(13905351111)在3号窗口等候20分钟无人接待"
    finding.save()
    pending = services.propose_publication(finding, user=iw["jiwei"], at=AT)
    body = client.get(page.url).content.decode()
    assert pending.title not in body
    services.approve_publication(pending, user=iw["jiwei2"], at=AT)
    response = client.get(page.url)
    body = response.content.decode()
    assert response.status_code == 200
    assert pending.title in body
    assert "13905351111" not in body
    assert "工作记录" not in body and iw["inspection"].inspectors not in body
