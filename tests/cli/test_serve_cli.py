"""`maillage serve` refuses a database URL it cannot open as bad input, before starting."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from maillage.cli.main import cli


@pytest.mark.parametrize("url", ["nosuch://x", "not a url"])
def test_a_bad_database_url_is_bad_input(url: str) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", url, "--create-token", "t:planner"])
    assert result.exit_code == 2, result.output
    assert "--db" in result.output and "not a database URL" in result.output
    assert "Traceback" not in result.output


def test_a_good_url_creates_the_token(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/m.db"
    result = CliRunner().invoke(cli, ["serve", "--db", url, "--create-token", "t:planner"])
    assert result.exit_code == 0, result.output
    assert result.output.strip()
