from django.apps import AppConfig


class ServicePointsConfig(AppConfig):
    """便民服务: town 便民服务中心 and village 代办点, their 代办员 and the approval items each
    point accepts (受理) or forwards (代办) — so people get served without leaving the village."""

    name = "ledgers.servicepoints"
    label = "servicepoints"
    verbose_name = "便民服务"
