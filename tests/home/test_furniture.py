"""Government-site furniture (政府网站发展指引): favicon, meta description, footer settings,
breadcrumbs rooted at 首页, full-width punctuation, tel: links, the 大字模式 toggle, admin login."""

import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.urls import reverse
from wagtail.models import Site

from home.models import ApprovalItem, ArticlePage, ServiceGuidePage
from home.site_settings import PortalSettings
from home.templatetags.portal_tags import page_description, tel_link
from ledgers.reportbox.demo import ensure_page as ensure_report_box_page

HAN = "\u4e00-\u9fff"
# ASCII , : ; ? ! ( ) touching a Han character: Chinese running text wants the full-width forms.
ASCII_PUNCT_IN_CHINESE = re.compile(rf"[{HAN}][,:;?!()]|[,:;?!()][{HAN}]")


def ascii_punctuation_in_chinese(text):
    """The snippets of ``text`` where ASCII punctuation touches Chinese characters."""
    return [
        text[max(m.start() - 6, 0) : m.end() + 6] for m in ASCII_PUNCT_IN_CHINESE.finditer(text)
    ]


def visible_text(html):
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "textarea", "input", "option", "code"]):
        tag.decompose()
    return soup.get_text(" ")


def public_urls(site):
    article = ArticlePage.objects.live().first()
    guide = ServiceGuidePage.objects.live().first()
    item = ApprovalItem.objects.filter(page=guide).first()
    box, _ = ensure_report_box_page()
    urls = {
        "home": "/",
        "column": article.get_parent().url,
        "article": article.url,
        "guides": guide.get_parent().url,
        "guide": guide.url,
        "item": item.get_url(),
        "notice": guide.url + guide.reverse_subpage("item_notice", args=[item.pk]),
        "search": reverse("search") + "?q=营业执照",
        "results": reverse("rectification:results"),
        "not_found": "/no-such-page/",
    }
    urls["report_box"] = box.url
    urls["report_status"] = box.url + "status/"
    return urls


@pytest.fixture
def site_info(demo_site):
    info = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    info.host_org = "中共海阳市委组织部"
    info.site_code = "3706870001"
    info.icp_number = "鲁ICP备12345678号-1"
    info.police_number = "鲁公网安备 37068702000123号"
    info.contact_phone = "0535-3221234"
    info.contact_email = "zfb@example.gov.cn"
    info.contact_address = "海阳市海政路1号"
    info.save()
    return info


def test_favicon_served_and_linked(client, demo_site):
    assert finders.find("favicon.ico") and finders.find("favicon.svg")
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico")
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html


def test_footer_shows_the_office_editable_settings_on_every_public_page(
    client, demo_site, site_info
):
    for name, url in public_urls(demo_site).items():
        response = client.get(url)
        assert response.status_code in (200, 404), name
        footer = BeautifulSoup(response.content, "html.parser").find("footer")
        text = footer.get_text(" ")
        assert "主办单位：中共海阳市委组织部" in text, name
        assert "网站标识码：3706870001" in text, name
        assert (
            footer.find("a", string="鲁ICP备12345678号-1")["href"] == "https://beian.miit.gov.cn/"
        )
        police = footer.find("a", string="鲁公网安备 37068702000123号")["href"]
        assert police.endswith("code=37068702000123")
        assert "联系我们" in text
        assert footer.find("a", href="tel:05353221234").get_text() == "0535-3221234"
        assert footer.find("a", href="mailto:zfb@example.gov.cn")


def test_footer_edited_in_admin_shows_at_once(client, site_info):
    site_info.icp_number = "鲁ICP备87654321号"
    site_info.save()
    assert "鲁ICP备87654321号" in client.get("/").content.decode()


def test_footer_falls_back_to_office_phone(client, demo_site, settings):
    info = PortalSettings.for_site(Site.objects.get(is_default_site=True))
    info.contact_phone = ""
    info.save()
    settings.OFFICE_PHONE = "0535-1112222"
    html = client.get("/").content.decode()
    assert 'href="tel:05351112222"' in html


def test_breadcrumbs_on_every_public_page_rooted_at_home(client, demo_site):
    for name, url in public_urls(demo_site).items():
        if name == "home":
            continue
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        nav = soup.find("nav", class_="breadcrumbs")
        assert nav is not None, name
        crumbs = nav.find_all("li")
        assert crumbs[0].get_text(strip=True) == "首页", name
        assert crumbs[0].find("a")["href"] == "/", name
        assert crumbs[-1].get("aria-current") == "page", name
        assert len(crumbs) >= 2, name


def test_breadcrumbs_of_the_notice_lead_back_through_the_item(client, demo_site):
    urls = public_urls(demo_site)
    nav = BeautifulSoup(client.get(urls["notice"]).content, "html.parser").find(
        "nav", class_="breadcrumbs"
    )
    labels = [li.get_text(strip=True) for li in nav.find_all("li")]
    assert labels[0] == "首页" and labels[-1] == "一次性告知单"
    assert nav.find("a", href=urls["item"])


def test_meta_description_falls_back_to_intro_then_site_description(client, site_info):
    article = ArticlePage.objects.live().first()
    article.search_description = ""
    article.intro = "  走访<b>一户不漏</b>\uff0c\n逐户回访。 "
    article.save_revision().publish()
    soup = BeautifulSoup(client.get(article.url).content, "html.parser")
    assert (
        soup.find("meta", attrs={"name": "description"})["content"]
        == "走访一户不漏\uff0c 逐户回访。"
    )
    soup = BeautifulSoup(client.get(reverse("rectification:results")).content, "html.parser")
    assert soup.find("meta", attrs={"name": "description"})["content"] == site_info.description


def test_page_description_prefers_search_description_and_truncates():
    class P:
        search_description = ""
        intro = "<p>" + "长" * 300 + "</p>"

    assert len(page_description(P())) == 120
    P.search_description = "专门写的描述"
    assert page_description(P()) == "专门写的描述"
    assert page_description(None, "站点简介") == "站点简介"


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("0535-3221234", "tel:05353221234"),
        ("138 0535 1234", "tel:13805351234"),
        ("１３８０５３５１２３４", "tel:13805351234"),
    ],
)
def test_tel_link(number, href):
    assert f'href="{href}"' in tel_link(number)


def test_tel_link_leaves_non_numbers_alone():
    assert tel_link("见窗口公示") == "见窗口公示"
    assert tel_link("<b>12</b>") == "&lt;b&gt;12&lt;/b&gt;" or "<b>" not in str(
        tel_link("<b>12</b>")
    )


def test_guide_phones_are_tel_links(client, demo_site):
    guide = ServiceGuidePage.objects.live().exclude(phone="").first()
    html = client.get(guide.url).content.decode()
    digits = re.sub(r"\D", "", guide.phone)
    assert f'href="tel:{digits}"' in html


def test_public_pages_use_full_width_punctuation_in_chinese(client, demo_site):
    found = {}
    for name, url in public_urls(demo_site).items():
        text = visible_text(client.get(url).content.decode())
        if hits := ascii_punctuation_in_chinese(text):
            found[name] = hits
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_large_type_toggle_announces_and_shows_its_state(client, demo_site):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    button = soup.find("button", attrs={"data-type-toggle": True})
    assert button["aria-pressed"] == "false"
    with open(finders.find("css/portal.css"), encoding="utf-8") as f:
        css = f.read()
    assert '.type-toggle[aria-pressed="true"]' in css


def test_admin_login_is_branded_and_keeps_errors_apart(client, demo_site):
    html = client.get("/admin/login/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("h1").get_text(strip=True) == "登录作风建设门户"
    assert soup.find("title").get_text(strip=True) == "登录 - 作风建设门户"
    response = client.post("/admin/login/", {"username": "nobody", "password": "wrong"})
    soup = BeautifulSoup(response.content, "html.parser")
    heading, messages = soup.find("h1"), soup.find(class_="messages")
    # The error box comes after the heading in the flow (the browser test checks the geometry).
    assert heading.find_next(class_="messages") is messages
    assert messages.find(class_="error")
