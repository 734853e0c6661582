"""Phone numbers in text become `tel:` links, so a resident on a phone taps to call."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A landline with its area code (0731-85123456, 0755 2788 1234, (0731)85123456), a mobile
# number (13823456789, 138 2345 6789) or a 400/800 service line. Digits around the match
# must not continue the number: an ID or account number is not a phone number.
PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    r"\(?0\d{2,3}\)?[-\s]?\d{3,4}[-\s]?\d{4}"
    r"|1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}"
    r"|[48]00[-\s]?\d{3}[-\s]?\d{4}"
    r")(?![0-9A-Za-z])"
)


def phone_links(text: object) -> Markup:
    """The text, escaped, with each phone number in it as a `tel:` link."""
    escaped = str(escape("" if text is None else text))

    def link(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return f'<a class="board-tel" href="tel:{digits}">{match.group(0)}</a>'

    return Markup(PHONE.sub(link, escaped))
