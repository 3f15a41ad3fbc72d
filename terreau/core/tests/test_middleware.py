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
