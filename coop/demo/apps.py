from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "coop.demo"
    label = "demo"
    verbose_name = "Demo data"
