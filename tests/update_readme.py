"""Refresh the group.yaml reference in README.md from the schema: python3 tests/update_readme.py"""

import re
from pathlib import Path

from sitegen.core.reference import full_reference

README = Path(__file__).resolve().parent.parent / "README.md"

text = README.read_text(encoding="utf-8")
text = re.sub(r"(sitegen keys --markdown`; tests/test_docs.py checks it -->\n)"
              r".*(<!-- end of reference -->)",
              lambda m: m.group(1) + full_reference(markdown=True) + m.group(2), text, flags=re.S)
README.write_text(text, encoding="utf-8")
print(f"Updated the reference in {README}")
