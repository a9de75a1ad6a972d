"""Where the contact form sends messages, each service with its own fields and honeypot.

Every service here is free for a small group. The honeypot is a field people
never see and robots fill in; each service names its own, and discards
messages that arrive with it filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType
from urllib.parse import urlsplit

THANKS_URL = "contact/thanks/"


@dataclass(frozen=True)
class FormTarget:
    """How the built contact form posts, and what the privacy notice says about it."""

    service: str  # email, netlify, formspree, web3forms, formsubmit, url, none
    action: str = ""
    method: str = "post"
    hidden: dict[str, str] = field(default_factory=dict)
    honeypot: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    receiver: str = ""  # the service's name for the privacy notice ("" for the group's own)
    origin: str = ""  # the host the form posts to, for the Content-Security-Policy
    subject: str = ""  # the email subject, for the visitor's email program

    @property
    def posts_elsewhere(self) -> bool:
        return bool(self.origin)


def form_target(form: str, thanks_address: str | None, thanks_path: str,
                subject: str = "Message from the website") -> FormTarget:
    """Work out the form for `contact.form`; `thanks_address` is the full thank-you URL."""
    service, _, identity = form.partition(":")
    if form.startswith(("https://", "http://")):
        return _posting_to(form, "url", "", thanks_address,
                           honeypot="_gotcha", next_field="_next")
    if service == "netlify":
        return FormTarget("netlify", action=thanks_path, hidden={"form-name": "contact"},
                          honeypot="bot-field", receiver="Netlify",
                          attributes={"data-netlify": "true", "data-netlify-honeypot": "bot-field",
                                      "name": "contact"})
    if service == "formspree":
        return _posting_to(f"https://formspree.io/f/{identity}", "formspree", "Formspree",
                           thanks_address, honeypot="_gotcha", next_field="_next",
                           hidden={"_subject": subject})
    if service == "web3forms":
        return _posting_to("https://api.web3forms.com/submit", "web3forms", "Web3Forms",
                           thanks_address, honeypot="botcheck", next_field="redirect",
                           hidden={"access_key": identity, "subject": subject})
    if service == "formsubmit":
        return _posting_to(f"https://formsubmit.co/{identity}", "formsubmit", "FormSubmit",
                           thanks_address, honeypot="_honey", next_field="_next",
                           hidden={"_subject": subject, "_captcha": "false"})
    # "email" (the visitor's own email program) or "none"
    return FormTarget(service, subject=subject)


def _posting_to(action: str, service: str, receiver: str, thanks_address: str | None, *,
                honeypot: str, next_field: str, hidden: dict[str, str] | None = None
                ) -> FormTarget:
    fields = dict(hidden or {})
    if thanks_address:
        fields[next_field] = thanks_address
    parts = urlsplit(action)
    return FormTarget(service, action=action, hidden=fields, honeypot=honeypot,
                      receiver=receiver, origin=f"{parts.scheme}://{parts.netloc}")


def content_security_policy(target: FormTarget) -> str:
    """Allow only the site itself, and the form service when there is one."""
    form_action = ["'self'"]
    if target.posts_elsewhere:
        form_action.append(target.origin)
    if target.service == "email":
        form_action.append("mailto:")
    return "; ".join([
        "default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
        "object-src 'none'", "base-uri 'none'", "form-action " + " ".join(form_action),
    ])


@lru_cache(maxsize=256)
def hidden_email(address: str) -> MappingProxyType[str, str]:
    """Pieces a small script puts back together; harvesters reading the HTML find no address.

    The parts are stored reversed, and the text fallback reads `name [at] domain`.
    Kept, read-only: every page's footer hides the same address.
    """
    user, _, domain = address.partition("@")
    return MappingProxyType({
        "user": user[::-1], "domain": domain[::-1],
        "readable": f"{user} [at] {domain.replace('.', ' [dot] ')}",
        "encoded": "".join(f"%{byte:02X}" for byte in address.encode("utf-8"))})


def whatsapp_number(number: str, timezone: str) -> str | None:
    """The number in the international form wa.me links need, when it can be known."""
    digits = re.sub(r"\D", "", number)
    if number.strip().startswith("+"):
        return digits
    if timezone == "Europe/London" and digits.startswith("0"):
        return "44" + digits[1:]  # a UK number written the UK way
    return None
