"""An app on a fresh SQLite file with a team, its tokens and the Millas month, for the API
tests: `client.get(path, as_="viewer")`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient
from paths import INSTANCES

from maillage.models.load import load_instance
from maillage.solver.service import Settings
from maillage.solver.service.api.app import create_app
from maillage.solver.service.storage import store
from maillage.solver.service.storage.database import transaction

MILLAS = INSTANCES / "millas-2025-03.json"


@dataclass
class Api:
    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)  # "team/role" -> secret

    def call(
        self, method: str, path: str, as_: str | None = "millas/planner", **kw: Any
    ) -> httpx.Response:
        headers = kw.pop("headers", {})
        if as_ is not None:
            headers["Authorization"] = f"Bearer {self.tokens[as_]}"
        return self.client.request(method, path, headers=headers, **kw)


def make_api(db_url: str, **settings: Any) -> Api:
    app = create_app(Settings(db_url=db_url, run_jobs=False, **settings))
    api = Api(TestClient(app))
    instance = load_instance(MILLAS)
    staff = instance.staff[0].id
    with transaction(app.state.sessions) as s:
        for team in ("millas", "other"):
            store.ensure_team(s, team)
            for role in ("planner", "viewer"):
                api.tokens[f"{team}/{role}"] = store.create_token(s, team, role)[1]
            api.tokens[f"{team}/staff"] = store.create_token(s, team, "staff", staff)[1]
        store.add_month(s, "millas", instance)
        store.add_month(s, "other", instance)
    api.tokens["staff_id"] = staff
    return api
