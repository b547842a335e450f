"""app.api, app.state and app.credentials load without Flet, the views or the server."""

from __future__ import annotations

import subprocess
import sys


def test_no_flet_views_or_server_imported() -> None:
    code = (
        "import sys, app.api, app.api.client, app.api.models, app.state, app.state.session, app.state.screens,"
        " app.state.topup_history, app.state.tariff, app.credentials\n"
        "bad = sorted(m for m in sys.modules if m == 'flet' or m.startswith(('flet.', 'app.views', 'app.ui', 'app.widgets', 'app.words', 'server')))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
