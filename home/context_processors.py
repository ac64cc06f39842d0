from home import lean


def site_nav(request):
    """Top navigation: the home page's live children marked "show in menus" (fetched once per
    request, shared with the home page's section links: ``home.lean.site_children``)."""

    def items():
        return lean.menu_pages(request)

    return {"site_nav": items}
