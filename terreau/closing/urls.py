app_name = "closing"

# Included under c/<slug:slug>/: every view receives the community's slug.
urlpatterns: list = []
