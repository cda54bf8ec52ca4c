"""The first schema: teams, tokens, months, rotas, locks, jobs, job events.

Revision ID: 0001
Revises:
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "teams",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(64), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("staff", sa.String(64), nullable=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(200), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("revoked", sa.Boolean, nullable=False),
    )
    op.create_index("ix_tokens_team_id", "tokens", ["team_id"])
    op.create_table(
        "months",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(64), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("start", sa.Date, nullable=False),
        sa.Column("days", sa.Integer, nullable=False),
        sa.Column("instance", sa.Text, nullable=False),
        sa.Column("previous_rota_id", sa.Integer, nullable=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("team_id", "month", name="uq_months_team_month"),
    )
    op.create_index("ix_months_team_id", "months", ["team_id"])
    op.create_table(
        "rotas",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("team_id", sa.String(64), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("month_id", sa.Integer, sa.ForeignKey("months.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("rotas.id"), nullable=True),
        sa.Column("job_id", sa.String(32), nullable=True),
        sa.Column("solution", sa.Text, nullable=False),
        sa.Column("instance", sa.Text, nullable=True),
        sa.Column("objective", sa.Float, nullable=True),
        sa.Column("solve_status", sa.String(16), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("published_at", TS, nullable=True),
        sa.UniqueConstraint("month_id", "version", name="uq_rotas_month_version"),
    )
    op.create_index("ix_rotas_team_id", "rotas", ["team_id"])
    op.create_index("ix_rotas_month_id", "rotas", ["month_id"])
    op.create_index("ix_rotas_job_id", "rotas", ["job_id"])
    op.create_table(
        "locks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("rota_id", sa.Integer, sa.ForeignKey("rotas.id"), nullable=False),
        sa.Column("staff", sa.String(64), nullable=False),
        sa.Column("date", sa.Date, nullable=False),
        sa.Column("shift", sa.String(64), nullable=False),
        sa.Column("site", sa.String(64), nullable=False),
        sa.UniqueConstraint("rota_id", "staff", "date", "shift", name="uq_locks_cell"),
    )
    op.create_index("ix_locks_rota_id", "locks", ["rota_id"])
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("team_id", sa.String(64), sa.ForeignKey("teams.id"), nullable=False),
        sa.Column("month_id", sa.Integer, sa.ForeignKey("months.id"), nullable=False),
        sa.Column("rota_id", sa.Integer, sa.ForeignKey("rotas.id"), nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("request", sa.Text, nullable=False),
        sa.Column("best_rota_id", sa.Integer, sa.ForeignKey("rotas.id"), nullable=True),
        sa.Column("objective", sa.Float, nullable=True),
        sa.Column("result", sa.Text, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("worker_pid", sa.Integer, nullable=True),
        sa.Column("stop_requested", sa.Boolean, nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("started_at", TS, nullable=True),
        sa.Column("finished_at", TS, nullable=True),
    )
    op.create_index("ix_jobs_team_id", "jobs", ["team_id"])
    op.create_index("ix_jobs_month_id", "jobs", ["month_id"])
    op.create_index("ix_jobs_status_created", "jobs", ["status", "created_at"])
    op.create_table(
        "job_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("job_id", sa.String(32), sa.ForeignKey("jobs.id"), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("data", sa.Text, nullable=False),
    )
    op.create_index("ix_job_events_job_id", "job_events", ["job_id"])


def downgrade() -> None:
    for table in ("job_events", "jobs", "locks", "rotas", "months", "tokens", "teams"):
        op.drop_table(table)
