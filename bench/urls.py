"""Terreau's URLs plus a bare view: the floor every page's server time is compared with."""

from django.http import HttpResponse
from django.urls import path

from terreau.urls import urlpatterns as terreau_urlpatterns


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *terreau_urlpatterns]
