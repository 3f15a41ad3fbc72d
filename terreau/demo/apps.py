from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The French demo data (`manage.py demo_data`) and the development launcher (`serve.py`).

    It sits above every other app, so that no app needs to know the demo.
    """

    name = "terreau.demo"
    label = "demo"
