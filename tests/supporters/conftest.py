from __future__ import annotations

# The shipped reflections: the two that get a person ready to tell someone end with the telling words.
from tests.prompts.conftest import library, loaded_library  # noqa: F401

# The shipped crisis lines, loaded as `manage.py setup` does; the guide's urgent section reads them.
from tests.safety.conftest import crisis_resources  # noqa: F401
