"""`{{ number|ltr }}`: a phone number shown as one left-to-right run, whatever the page's direction.

Digits are weak in the bidirectional algorithm: "+44 7700 900123" after Arabic words is laid out as
"900123 7700 44+", so a person reading a crisis line's number (or one they put in their plan) to
dial it by hand, or to say it to someone, read it wrong. The tel: link still dialled right, which is
why nobody noticed. <bdi dir="ltr"> keeps the groups in their order and keeps the number from
reordering the words around it. HTML only: plain text and Markdown (emails, exports) show the number
as it is.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter(is_safe=True)
def ltr(value: object) -> SafeString:
    """The value in <bdi dir="ltr">, escaped unless already safe; nothing for an empty value."""
    if value is None or value == "":
        return SafeString("")
    # format_html escapes the value (conditional_escape): a plan contact's number is what a person typed.
    return format_html('<bdi dir="ltr">{}</bdi>', value)
