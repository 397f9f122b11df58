from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "scrutineer.reviews"
    label = "reviews"
    verbose_name = "Case reviews"
