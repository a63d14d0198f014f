from chalicelib.domain.tenant import PixiApiConnection, choose_default_connection


def conn(cid: str, *, active: bool = True, default: bool = False) -> PixiApiConnection:
    return PixiApiConnection("t", cid, cid, "https://e/", "u", "ref", active=active, is_default=default)


def test_the_active_connection_marked_default_wins():
    assert choose_default_connection([conn("a"), conn("b", default=True)]) == conn("b", default=True)


def test_an_inactive_default_is_ignored_and_a_single_active_one_is_used():
    assert choose_default_connection([conn("a"), conn("b", default=True, active=False)]) == conn("a")


def test_several_active_without_default_or_none_active_means_not_configured():
    assert choose_default_connection([conn("a"), conn("b")]) is None
    assert choose_default_connection([conn("a", active=False)]) is None
    assert choose_default_connection([]) is None
