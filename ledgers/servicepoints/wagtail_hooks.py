"""The 便民服务 menu group."""

from wagtail import hooks

from ledgers.servicepoints.viewsets import ServicePointsGroup


@hooks.register("register_admin_viewset")
def register_service_points():
    return ServicePointsGroup()
