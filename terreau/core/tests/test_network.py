"""The client's address behind a reverse proxy: believed from the proxies we trust, never from the client."""

import pytest
from django.core.checks.registry import registry
from django.test import RequestFactory, override_settings

from terreau.core.network import check_proxy_settings, client_ip

PROXY = "10.0.0.5"


def address(peer: str, forwarded: str | None = None) -> str:
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=peer, headers=headers))


def test_without_trusted_proxies_the_peer_is_the_client_whatever_it_says():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


@override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_a_trusted_proxy_names_the_client():
    assert address(PROXY, "198.51.100.1") == "198.51.100.1"
    assert address(PROXY, "198.51.100.1:52100") == "198.51.100.1"
    assert address(PROXY, "[2001:db8::1]:443") == "2001:db8::1"
    assert address(PROXY) == PROXY  # a request from the proxy itself


@override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_what_the_client_wrote_before_the_proxy_is_ignored():
    # The client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the address it saw.
    assert address(PROXY, "1.2.3.4, 198.51.100.1") == "198.51.100.1"
    assert address(PROXY, "not-an-address, 198.51.100.1") == "198.51.100.1"


@override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24", "192.0.2.10"])
def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert address(PROXY, "1.2.3.4, 198.51.100.1, 192.0.2.10") == "198.51.100.1"
    assert address(PROXY, "192.0.2.10") == "192.0.2.10"  # only proxies: the farthest one


@override_settings(TERREAU_TRUSTED_PROXIES=["10.0.0.0/24"])
def test_an_untrusted_peer_cannot_choose_its_address():
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    assert address("::ffff:203.0.113.7", "198.51.100.1") == "203.0.113.7"


@override_settings(TERREAU_TRUSTED_PROXIES=["unix"])
def test_a_proxy_on_a_unix_socket_can_be_trusted():
    assert address("", "198.51.100.1") == "198.51.100.1"


def test_a_peer_without_an_address_shares_one_count():
    assert address("", "198.51.100.1") == address("", "198.51.100.2")


@pytest.mark.parametrize(
    ("proxy_header", "trusted", "warned"),
    [(("HTTP_X_FORWARDED_PROTO", "https"), [], True), (("HTTP_X_FORWARDED_PROTO", "https"), [PROXY], False)],
)
def test_the_deploy_check_warns_behind_a_proxy_nobody_trusts(proxy_header, trusted, warned):
    assert check_proxy_settings in registry.get_checks(include_deployment_checks=True)
    with override_settings(SECURE_PROXY_SSL_HEADER=proxy_header, TERREAU_TRUSTED_PROXIES=trusted):
        ids = {message.id for message in check_proxy_settings(None)}
    assert ("terreau.W001" in ids) == warned
