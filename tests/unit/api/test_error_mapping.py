from pydantic import BaseModel, Field
from pydantic import ValidationError as PydanticValidationError

from chalicelib.api.errors import as_app_error, error_body, german_field_errors
from chalicelib.errors import PixiTimeoutError, ValidationError


class Sample(BaseModel):
    email: str = Field(min_length=3)
    count: int


def validation_failure(data: dict) -> PydanticValidationError:
    try:
        Sample.model_validate(data)
    except PydanticValidationError as exc:
        return exc
    raise AssertionError("expected a validation error")


def test_pydantic_errors_become_german_field_messages():
    fields = german_field_errors(validation_failure({"email": "a", "count": "x"}))
    assert fields == {"email": "Zu kurz (mindestens 3 Zeichen).",
                      "count": "Hier wird eine ganze Zahl erwartet."}


def test_missing_field_and_mapping_to_400():
    error = as_app_error(validation_failure({"email": "abc"}))
    assert isinstance(error, ValidationError)
    assert error.status == 400
    assert error.fields == {"count": "Pflichtangabe fehlt."}


def test_app_error_body_has_code_message_request_id_and_fields_only_when_present():
    assert error_body(PixiTimeoutError(), "r1") == {
        "code": "pixi_timeout", "message": PixiTimeoutError.default_message, "request_id": "r1"}
    body = error_body(ValidationError("x", fields={"q": "zu kurz"}), "r2")
    assert body["fields"] == {"q": "zu kurz"} and body["code"] == "validation_error"


def test_unknown_exception_becomes_generic_500_without_its_text():
    error = as_app_error(KeyError("secret internal detail"))
    assert error.status == 500
    assert "secret" not in error.message
    assert "secret internal detail" in error.detail
