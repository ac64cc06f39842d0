"""The demo public site, grounded in 海办发〔2016〕9号 (idempotent: pages are found by slug)."""

import datetime

from django.utils import timezone
from wagtail.models import Page, Site

from home.models import (
    ApprovalItem,
    ArticlePage,
    CaseIndexPage,
    CasePage,
    ColumnIndexPage,
    GuideIndexPage,
    HomePage,
    ServiceGuidePage,
    StandardPage,
    Task,
)

ARTICLES = [
    (
        "villages-2026-spring",
        "全市机关干部集中开展包村联户走访“回头看”",
        Task.VILLAGES,
        "方圆街道",
        ["包村联户", "四个一"],
        "上半年集中走访中，每名干部走访约5户村（居）民，落实“四个一”要求。",
        "<p>按照海办发〔2016〕9号要求，全市各部门单位与结对村、社区所辖小区开展集中走访。每名干部每轮走访约5户，"
        "做到一户不漏；走访中留一张联系卡、填一张调查表、解决一个困难、发放一份宣传材料。</p>"
        "<p>走访前，各单位对上一轮群众反映的问题开展“回头看”，重点关注同一小区多名居民反映的共性问题。</p>",
    ),
    (
        "service-targets-plan",
        "各单位干部联系服务对象实施意见审核备案工作启动",
        Task.SERVICE_TARGETS,
        None,
        ["服务对象", "审核备案"],
        "每名干部经常性联系不少于10名服务对象，4月30日前报送实施意见。",
        "<p>各镇街区、市直部门结合工作职能，制定干部联系服务对象实施意见，于4月30日前报市作风办审核备案。"
        "服务对象不得与包村联户户数重复，单位内部也不得重复。</p>",
    ),
    (
        "rectification-ledger",
        "群众反映问题实行交办销号管理 件件有落实事事有回音",
        Task.RECTIFICATION,
        "海阳市住房和城乡建设局",
        ["交办单", "销号管理"],
        "市作风办对收集的问题分类梳理，明确责任单位和办结时限，下发交办单。",
        "<p>对走访、服务对象、89000民生服务热线、网上民声等渠道反映的问题，市作风办逐一确定责任单位并下发交办单，"
        "对重点问题挂牌督办。各单位建立整改台账，实行销号管理，整改结果第一时间反馈群众。</p>",
    ),
    (
        "window-time-cut",
        "窗口单位审批时限在原有基础上再压缩20%",
        Task.WINDOWS,
        "海阳市行政审批服务局",
        ["窗口服务", "一次性告知"],
        "环节最少、程序最优、时限最短，全面推行一次性告知和一站式服务。",
        "<p>各窗口单位对所有审批服务事项进行梳理，年内将审批时限在原有基础上再压缩20%，"
        "编印办事服务手册，对申请人需要提交的材料实行一次性告知。</p>",
    ),
]

CASES = [
    (
        "one-visit-license",
        "“一窗受理”让企业开办当天办结",
        "typical",
        Task.WINDOWS,
        "海阳市行政审批服务局",
        "企业开办由原来的5个工作日压缩到1个工作日。",
        "<p>市行政审批服务局推行企业开办“一窗受理、并联审批”，申请材料由12份精简为5份，当天即可领取营业执照。</p>",
    ),
    (
        "hotline-same-day",
        "89000热线诉求“接诉即办”当日回访",
        "typical",
        Task.RECTIFICATION,
        "海阳市89000民生服务中心",
        "群众来电反映的问题当日分办，办结后当日回访。",
        "<p>89000民生服务中心对热线和网上民声反映的问题实行“接诉即办”，按照市作风办要求明确责任单位和时限，"
        "办结后当日电话回访，群众满意率持续提升。</p>",
    ),
    (
        "compound-lighting",
        "小区路灯问题“回头看”推动共性问题一次解决",
        "practice",
        Task.RECTIFICATION,
        "方圆街道",
        "同一小区多名居民反映路灯不亮，街道联合住建部门集中整改。",
        "<p>方圆街道在走访“回头看”中发现，某小区多名居民反映夜间路灯不亮。街道将问题报市作风办交办，"
        "市住建局10个工作日内完成整改，并逐户电话回访。</p>",
    ),
]

MATERIALS_LICENSE = [
    {"name": "公司登记（备案）申请书", "form": "原件", "copies": 1, "source": "申请人填写"},
    {"name": "公司章程", "form": "原件", "copies": 1, "source": "申请人自备"},
    {"name": "股东主体资格证明", "form": "复印件", "copies": 1, "source": "申请人自备"},
    {"name": "法定代表人、董事、监事任职文件", "form": "原件", "copies": 1, "source": "申请人自备"},
    {
        "name": "住所使用证明",
        "form": "原件及复印件",
        "copies": 1,
        "source": "不动产登记机构或出租方",
    },
]

GUIDES = [
    (
        "海阳市行政审批服务局",
        "spj",
        "市民服务中心一楼综合受理区",
        "工作日 上午9:00-12:00，下午13:30-17:00（夏季14:00-17:30）",
        "0535-3001001",
        "0535-3001100",
        [
            dict(
                name="企业设立登记（核发营业执照）",
                legal_basis="《中华人民共和国公司法》《中华人民共和国市场主体登记管理条例》",
                conditions="申请人具备完全民事行为能力；名称、住所、经营范围等符合法律法规规定；申请材料齐全、符合法定形式。",
                materials=MATERIALS_LICENSE,
                procedure="窗口受理\n审查核准\n发放营业执照",
                fee="不收费",
                statutory_days=15,
                original_days=5,
                current_days=1,
            ),
            dict(
                name="食品经营许可证核发",
                legal_basis="《中华人民共和国食品安全法》《食品经营许可和备案管理办法》",
                conditions="具有与经营的食品品种、数量相适应的经营场所和设施设备；有专职或兼职食品安全管理人员。",
                materials=[
                    {
                        "name": "食品经营许可申请书",
                        "form": "原件",
                        "copies": 1,
                        "source": "申请人填写",
                    },
                    {"name": "营业执照", "form": "复印件", "copies": 1, "source": "申请人自备"},
                    {
                        "name": "经营场所平面布局图",
                        "form": "原件",
                        "copies": 1,
                        "source": "申请人自备",
                    },
                ],
                procedure="申请\n受理\n现场核查\n决定\n发证",
                fee="不收费",
                statutory_days=20,
                original_days=10,
                current_days=7,
            ),
        ],
    ),
    (
        "海阳市公安局",
        None,
        "市民服务中心二楼公安服务区",
        "工作日 上午9:00-12:00，下午13:30-17:00；周六上午9:00-12:00",
        "0535-3002001",
        "0535-3002110",
        [
            dict(
                name="居民身份证换领",
                legal_basis="《中华人民共和国居民身份证法》",
                conditions="居民身份证有效期满或登记项目变更。",
                materials=[
                    {"name": "居民户口簿", "form": "原件", "copies": 1, "source": "申请人自备"},
                    {"name": "原居民身份证", "form": "原件", "copies": 1, "source": "申请人自备"},
                ],
                procedure="现场采集照片和指纹\n受理审核\n制证\n领取",
                fee="工本费20元",
                statutory_days=60,
                original_days=30,
                current_days=20,
            ),
            dict(
                name="户口迁移（市内）",
                legal_basis="《中华人民共和国户口登记条例》",
                conditions="在本市范围内有合法稳定住所。",
                materials=[
                    {"name": "居民户口簿", "form": "原件", "copies": 1, "source": "申请人自备"},
                    {
                        "name": "房屋产权证明",
                        "form": "原件及复印件",
                        "copies": 1,
                        "source": "不动产登记机构",
                    },
                ],
                procedure="受理\n审核\n办结",
                fee="不收费",
                statutory_days=None,
                original_days=10,
                current_days=9,
            ),
        ],
    ),
    (
        "海阳市人力资源和社会保障局",
        None,
        "市民服务中心三楼人社服务区",
        "工作日 上午9:00-12:00，下午13:30-17:00",
        "0535-3003001",
        "0535-3003110",
        [
            dict(
                name="失业保险金申领",
                legal_basis="《失业保险条例》",
                conditions="非因本人意愿中断就业；已办理失业登记并有求职要求；缴纳失业保险费满一年。",
                materials=[
                    {"name": "居民身份证", "form": "原件", "copies": 1, "source": "申请人自备"},
                    {
                        "name": "解除或终止劳动关系证明",
                        "form": "原件",
                        "copies": 1,
                        "source": "原用人单位出具",
                    },
                ],
                procedure="申请\n审核\n发放",
                fee="不收费",
                statutory_days=None,
                original_days=10,
                current_days=7,
            ),
        ],
    ),
]


def _child(parent, model, slug, **fields):
    """Find the child page by slug or create it; update its fields either way."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        page = existing.specific
        changed = [k for k, v in fields.items() if getattr(page, k) != v]
        if changed:
            for key in changed:
                setattr(page, key, fields[key])
            page.save_revision().publish()
        return page
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def load_home():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Replace Wagtail's placeholder welcome page.
        default = root.get_children().filter(slug="home").first()
        if default is not None and not isinstance(default.specific, HomePage):
            default.delete()
        home = HomePage(
            title="海阳市干部作风建设",
            slug="home",
            intro="<p>宣传干部作风建设、跟踪四项主要任务、公开典型事例，接受群众监督。</p>",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="作风建设门户",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "作风建设门户"
        site.save()
    return home


def load_site(units, today=None):
    today = today or timezone.localdate()
    home = load_home()
    column = _child(
        home,
        ColumnIndexPage,
        "column",
        title="作风建设专栏",
        show_in_menus=True,
        intro="<p>跟踪包村联户、干部联系服务对象、问题反馈整改、窗口服务四项主要任务。</p>",
    )
    for days_ago, (slug, title, task, unit_name, tags, intro, body) in enumerate(ARTICLES):
        article = _child(
            column,
            ArticlePage,
            slug,
            title=title,
            task=task,
            unit=units.get(unit_name) if unit_name else None,
            intro=intro,
            body=body,
            date=today - datetime.timedelta(days=days_ago * 7),
        )
        if set(article.tags.names()) != set(tags):
            article.tags.set(tags)
            article.save_revision().publish()
    cases = _child(
        home,
        CaseIndexPage,
        "cases",
        title="典型事例·先进做法",
        show_in_menus=True,
        intro="<p>宣传各单位转变作风、服务群众的典型事例和先进做法。</p>",
    )
    for days_ago, (slug, title, kind, task, unit_name, summary, body) in enumerate(CASES):
        _child(
            cases,
            CasePage,
            slug,
            title=title,
            kind=kind,
            task=task,
            unit=units[unit_name],
            summary=summary,
            body=body,
            date=today - datetime.timedelta(days=days_ago * 10),
        )
    guides = _child(
        home,
        GuideIndexPage,
        "guides",
        title="窗口服务指南",
        show_in_menus=True,
        intro="<p>各窗口单位审批服务事项的设定依据、受理条件、申请材料、办理流程和承诺时限，一次性告知。</p>",
    )
    for unit_name, slug, address, hours, phone, supervision, items in GUIDES:
        unit = units[unit_name]
        guide = _child(
            guides,
            ServiceGuidePage,
            slug or f"guide-{unit.pk}",
            title=f"{unit.short_name or unit.name}服务指南",
            unit=unit,
            address=address,
            office_hours=hours,
            phone=phone,
            supervision_phone=supervision,
        )
        existing = {item.name for item in guide.approval_items.all()}
        missing = [item for item in items if item["name"] not in existing]
        if missing:
            for order, item in enumerate(items):
                if item["name"] in existing:
                    continue
                materials = [("material", m) for m in item["materials"]]
                guide.approval_items.add(
                    ApprovalItem(sort_order=order, **{**item, "materials": materials})
                )
            guide.save_revision().publish()
    _child(
        home,
        StandardPage,
        "about",
        title="关于本栏目",
        show_in_menus=True,
        body="<p>本网站依据海办发〔2016〕9号设立，由市干部作风建设办公室（设在市委组织部）主办。"
        "联系电话见各页面底部。</p>",
    )
    load_site_settings()
    return home


# Demo values for the footer (placeholders: the office enters the real record numbers).
DEMO_SITE_SETTINGS = {
    "site_code": "3706870001",
    "icp_number": "鲁ICP备00000000号-1",
    "police_number": "鲁公网安备 37068702000001号",
    "contact_email": "zuofengban@example.gov.cn",
    "contact_address": "海阳市海政路1号 市委组织部（邮编265100）",
}


def load_site_settings():
    """Fill the footer's empty fields of the default site's 网站信息 with demo values."""
    from home.site_settings import PortalSettings

    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    info = PortalSettings.for_site(site)
    changed = [f for f, v in DEMO_SITE_SETTINGS.items() if not getattr(info, f)]
    for field in changed:
        setattr(info, field, DEMO_SITE_SETTINGS[field])
    if changed:
        info.save()
