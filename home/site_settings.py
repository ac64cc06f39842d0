"""网站信息: the government-site furniture the office edits (政府网站发展指引).

Shown in every public page's footer (主办单位, 网站标识码, ICP备案号, 公安备案号, 联系我们) and used
as the meta description of pages that have no summary of their own. One row per site, edited in
the admin under 设置 → 网站信息 (``wagtail.contrib.settings``); templates read it through the
``settings`` context processor, which loads it once per request.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

ICP_QUERY_URL = "https://beian.miit.gov.cn/"
POLICE_QUERY_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


@register_setting(icon="site", order=100)
class PortalSettings(BaseSiteSetting):
    """The footer and default description of the public site, editable by the office."""

    host_org = models.CharField(
        "主办单位",
        max_length=120,
        default="中共海阳市委组织部 海阳市干部作风建设办公室",
        help_text="页脚“主办单位”一行。",
    )
    site_code = models.CharField(
        "网站标识码",
        max_length=20,
        blank=True,
        help_text="全国政府网站基本数据库分配的网站标识码(10位),如“3706870001”。",
    )
    icp_number = models.CharField(
        "ICP备案号",
        max_length=60,
        blank=True,
        help_text="如“鲁ICP备12345678号-1”;页脚链接到工业和信息化部备案管理系统。",
    )
    police_number = models.CharField(
        "公安备案号",
        max_length=60,
        blank=True,
        help_text="如“鲁公网安备 37068702000123号”;页脚链接到全国互联网安全管理服务平台。",
    )
    contact_phone = models.CharField(
        "联系电话",
        max_length=40,
        blank=True,
        help_text="页脚“联系我们”中的电话;留空时使用作风办电话(PORTAL_OFFICE_PHONE)。",
    )
    contact_email = models.EmailField("电子邮箱", blank=True, help_text="页脚“联系我们”中的邮箱。")
    contact_address = models.CharField(
        "通讯地址", max_length=120, blank=True, help_text="页脚“联系我们”中的地址和邮编。"
    )
    description = models.CharField(
        "网站简介",
        max_length=200,
        blank=True,
        default="海阳市干部作风建设门户：作风建设专栏、典型事例、窗口服务指南和网上举报箱。",
        help_text="页面没有摘要时,用作搜索引擎看到的页面描述(meta description)。",
    )

    panels = [
        FieldPanel("host_org"),
        MultiFieldPanel(
            [FieldPanel("site_code"), FieldPanel("icp_number"), FieldPanel("police_number")],
            heading="备案信息",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_phone"),
                FieldPanel("contact_email"),
                FieldPanel("contact_address"),
            ],
            heading="联系我们",
        ),
        FieldPanel("description"),
    ]

    class Meta:
        verbose_name = "网站信息"
        verbose_name_plural = "网站信息"

    @staticmethod
    def cache_key(site_id):
        return f"portal:site-settings:{site_id}"

    @classmethod
    def for_site(cls, site):
        """The site's row from the shared cache (every public page shows it; no query per
        request once cached); saving the row refreshes the cached copy."""
        key = cls.cache_key(site.pk)
        instance = cache.get(key)
        if instance is None:
            instance = super().for_site(site)
            cache.set(key, instance, timeout=3600)
        return instance

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self.cache_key(self.site_id))

    def delete(self, *args, **kwargs):
        site_id = self.site_id
        result = super().delete(*args, **kwargs)
        cache.delete(self.cache_key(site_id))
        return result

    @property
    def phone(self):
        """The contact phone shown in the footer (the office's number when left empty)."""
        return self.contact_phone or settings.OFFICE_PHONE

    @property
    def icp_url(self):
        return ICP_QUERY_URL

    @property
    def police_url(self):
        """The public-security record's query page: the record's digits go in the URL."""
        code = re.sub(r"\D", "", self.police_number)
        return POLICE_QUERY_URL + code if code else ""
