from wagtail.models import Site


def site_nav(request):
    """Top navigation: the home page's live children marked "show in menus"."""

    def items():
        site = Site.find_for_request(request)
        if site is None:
            return []
        return list(
            site.root_page.get_children().live().public().in_menu().only("title", "url_path")
        )

    return {"site_nav": items}
