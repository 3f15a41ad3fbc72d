from django.shortcuts import render
from django.views.decorators.http import require_GET

from terreau.communities import selectors


@require_GET
def home(request):
    user = request.user
    mine = list(selectors.home_communities(user)) if user.is_authenticated else []
    others = [] if mine else list(selectors.listed_communities(user))
    return render(request, "core/home.html", {"my_communities": mine, "public_communities": others})
