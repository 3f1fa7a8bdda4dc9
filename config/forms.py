from __future__ import annotations

from typing import Any

from django import forms


class DescribedForm(forms.Form):
    """Help and errors are read out with their field: aria-describedby points at both.

    The ids match templates/_field.html (`<auto_id>_helptext`, `<auto_id>_error`).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            # The field's own id, so a form given its own auto_id (two on one page) points at its own help.
            auto_id = self[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"{auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
