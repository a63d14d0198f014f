from chalicelib.services.passwords import hash_password, spend_verification_time, verify_password


def test_hash_is_argon2id_and_verifies_only_the_right_password():
    stored = hash_password("Richtig-123!")
    assert stored.startswith("$argon2id$")
    assert "Richtig-123!" not in stored
    assert verify_password(stored, "Richtig-123!")
    assert not verify_password(stored, "richtig-123!")


def test_same_password_gives_different_hashes():
    assert hash_password("x" * 12) != hash_password("x" * 12)


def test_malformed_or_empty_hash_is_a_mismatch_not_an_error():
    assert not verify_password("not-a-hash", "whatever")
    assert not verify_password("", "whatever")


def test_dummy_verification_runs_without_error():
    spend_verification_time("anything")
