from django.urls import reverse


def test_under_debug_an_outsider_refused_a_private_community_gets_terreaus_own_404(client, cast, settings):
    settings.DEBUG = True  # as under `make run`
    client.force_login(cast.outsider)
    response = client.get(reverse("communities:members", args=[cast.community.slug]))
    assert response.status_code == 404
    assert "URLconf" not in response.text  # Django's technical page lists every URL of the site
    assert [template.name for template in response.templates][0] == "404.html"


def test_a_developer_can_ask_for_the_technical_404(client, cast, settings):
    settings.DEBUG = True
    settings.TERREAU_TECHNICAL_404 = True
    client.force_login(cast.outsider)
    response = client.get(reverse("communities:members", args=[cast.community.slug]))
    assert response.status_code == 404
    assert "URLconf" in response.text


def test_under_debug_an_address_that_matches_nothing_gets_terreaus_own_404(client, settings):
    settings.DEBUG = True
    response = client.get("/nowhere/")
    assert response.status_code == 404
    assert "URLconf" not in response.text
    assert "404.html" in [template.name for template in response.templates]


def test_a_missing_slash_still_redirects(client, settings):
    settings.DEBUG = True
    response = client.get("/communities")
    assert response.status_code == 301
    assert response["Location"] == "/communities/"
