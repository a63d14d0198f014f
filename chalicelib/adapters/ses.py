"""SES: sending mail (HTML + text) and the verification state of sender addresses.

System mails (invitation, verification, reset) go through SES ``SendEmail``. A mail with a
Reply-To (support requests: the agent) is built as MIME by Python's ``email`` package and sent
with ``SendRawEmail``; the local SES (moto) keeps that whole message, so tests read To, From,
Reply-To, subject and both parts back.

This is the one place mails are built: every header value (From and its display name, To,
Reply-To, Subject) passes :func:`chalicelib.domain.mail.header_line` here, so CR, LF and other
control characters never reach a header, whoever wrote the value.

boto3 errors become ``MailNotSentError`` (sending) or ``StorageUnavailableError`` (identity calls);
the detail goes to the log only.
"""

from __future__ import annotations

from dataclasses import dataclass

from chalicelib.adapters import aws
from chalicelib.domain.mail import OutgoingMail, SenderState, header_line
from chalicelib.errors import MailNotSentError, StorageUnavailableError

_SES_STATES = {
    "Pending": SenderState.PENDING,
    "Success": SenderState.VERIFIED,
    "Failed": SenderState.FAILED,
    "TemporaryFailure": SenderState.PENDING,
    "NotStarted": SenderState.NOT_STARTED,
}


@dataclass(frozen=True)
class MailHeaders:
    """The header values of a mail, each on one line."""

    sender: str
    sender_name: str
    to: tuple[str, ...]
    reply_to: tuple[str, ...]
    subject: str

    @classmethod
    def of(cls, mail: OutgoingMail) -> MailHeaders:
        return cls(
            sender=header_line(mail.sender),
            sender_name=header_line(mail.sender_name),
            to=tuple(header_line(a) for a in mail.to),
            reply_to=tuple(header_line(a) for a in mail.reply_to),
            subject=header_line(mail.subject),
        )

    def from_header(self) -> str:
        """``"Name" <address>`` (a non-ASCII name RFC 2047-encoded), or the bare address."""
        from email.utils import formataddr

        if not self.sender_name:
            return self.sender
        return formataddr((self.sender_name, self.sender), charset="utf-8")


def mime_message(mail: OutgoingMail) -> bytes:
    """The mail as MIME (multipart/alternative: text, then HTML); header values on one line;
    ``ValueError`` when the ``email`` package refuses a value all the same."""
    from email.message import EmailMessage
    from email.policy import SMTP

    headers = MailHeaders.of(mail)
    message = EmailMessage(policy=SMTP)
    message["From"] = headers.from_header()
    message["To"] = ", ".join(headers.to)
    if headers.reply_to:
        message["Reply-To"] = ", ".join(headers.reply_to)
    message["Subject"] = headers.subject
    # quoted-printable: 7-bit safe for SES, still readable
    message.set_content(mail.text, charset="utf-8", cte="quoted-printable")
    message.add_alternative(mail.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message.as_bytes()


class SesMailer:
    def send(self, mail: OutgoingMail) -> str:
        """Hand the mail to SES; returns SES's message id."""
        if mail.reply_to:
            return self._send_raw(mail)
        from botocore.exceptions import BotoCoreError, ClientError

        headers = MailHeaders.of(mail)
        request: dict[str, object] = {
            "Source": headers.from_header(),
            "Destination": {"ToAddresses": list(headers.to)},
            "Message": {
                "Subject": {"Data": headers.subject, "Charset": "UTF-8"},
                "Body": {
                    "Html": {"Data": mail.html, "Charset": "UTF-8"},
                    "Text": {"Data": mail.text, "Charset": "UTF-8"},
                },
            },
        }
        try:
            answer = aws.client("ses").send_email(**request)
        except (BotoCoreError, ClientError) as exc:
            raise MailNotSentError(detail=f"ses send_email from {mail.sender}: {exc}") from exc
        return str(answer["MessageId"])

    def _send_raw(self, mail: OutgoingMail) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            raw = mime_message(mail)
        except ValueError as exc:  # a header value the email package refuses: never sent
            raise MailNotSentError(detail=f"refused to build mail from {mail.sender}: {exc}") from exc
        try:
            answer = aws.client("ses").send_raw_email(
                Source=header_line(mail.sender), RawMessage={"Data": raw}
            )
        except (BotoCoreError, ClientError) as exc:
            raise MailNotSentError(detail=f"ses send_raw_email from {mail.sender}: {exc}") from exc
        return str(answer["MessageId"])

    def start_sender_verification(self, address: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            aws.client("ses").verify_email_identity(EmailAddress=address)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailableError(detail=f"ses verify_email_identity {address}: {exc}") from exc

    def sender_state(self, address: str) -> SenderState:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer = aws.client("ses").get_identity_verification_attributes(Identities=[address])
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailableError(detail=f"ses verification attributes {address}: {exc}") from exc
        status = (
            answer.get("VerificationAttributes", {}).get(address, {}).get("VerificationStatus", "NotStarted")
        )
        return _SES_STATES.get(str(status), SenderState.PENDING)
