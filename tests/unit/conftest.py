"""Make the project importable when pytest runs without pytest-django (`-p no:django`).

pytest-django puts the directory of manage.py on sys.path; plain pytest does not.
"""

import sys
from pathlib import Path

PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

# Without pytest-django no app starts, so nothing configured the claim secret.
from shopnest.domain import claims  # noqa: E402

if not claims.configured():
    claims.use_secret(lambda: b"unit-test-claim-secret")
