"""Solve parameters: the stages' shares are validated, and former names still load."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from maillage.solver import SolveParams


def test_the_stage_defaults_are_the_documented_shares() -> None:
    stages = SolveParams().stages
    assert stages.price_and_fix.generation_share == 0.4
    assert stages.price_and_fix.fix_share == 0.15
    assert stages.branching.share == 0.5
    assert stages.neighbourhood.construction_share == 0.15
    assert stages.neighbourhood.whole_model_share == 0.1
    assert stages.side_by_side.stall_seconds == 60.0
    assert stages.parts.first_pass_share == 0.8
    assert stages.polish.interrupted_seconds == 2.0


def test_a_share_is_a_fraction_and_seconds_are_not_negative() -> None:
    with pytest.raises(ValidationError, match="less than or equal to 1"):
        SolveParams.model_validate({"stages": {"branching": {"share": 1.5}}})
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        SolveParams.model_validate({"stages": {"neighbourhood": {"move_seconds": -1}}})
    with pytest.raises(ValidationError, match="Extra inputs"):
        SolveParams.model_validate({"stages": {"lns": {}}})


def test_a_stage_set_in_a_params_file_keeps_the_other_defaults() -> None:
    params = SolveParams.model_validate_json('{"stages": {"parts": {"first_pass_share": 0.5}}}')
    assert params.stages.parts.first_pass_share == 0.5
    assert params.stages.parts.min_round_seconds == 1.0
    assert params.stages.branching.share == 0.5


def test_decompose_is_read_as_its_new_name_split_parts() -> None:
    assert SolveParams.model_validate({"decompose": False}).split_parts is False
    assert SolveParams.model_validate({"split_parts": False}).split_parts is False
    assert SolveParams().split_parts is True
