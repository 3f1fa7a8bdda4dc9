from __future__ import annotations

# The shipped crisis lines, loaded as `manage.py setup` does; the guide's urgent section reads them.
from tests.safety.conftest import crisis_resources  # noqa: F401
