from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import pages


@require_GET
def help_index(request):
    return render(request, "help/index.html", {"pages": pages.pages()})


@require_GET
def help_page(request, slug):
    found = pages.page(slug)
    if found is None:
        raise Http404
    return render(request, "help/page.html", {"page": found, "pages": pages.pages()})
