"""Project: projects, tasks, task stages, tags and timesheets (account.analytic.line)."""

from __future__ import annotations

from typing import Any

from daniel.sandbox.exceptions import ValidationError
from daniel.sandbox.models.mail import MailThread
from daniel.sandbox.orm.fields import (
    Boolean,
    Char,
    Date,
    Datetime,
    Float,
    Html,
    Integer,
    Many2many,
    Many2one,
    Monetary,
    One2many,
    Selection,
)
from daniel.sandbox.orm.model import BaseModel, rpc
from daniel.sandbox.orm.read import visible_ids

TASK_STATES = [
    ("01_in_progress", "In Progress"),
    ("02_changes_requested", "Changes Requested"),
    ("03_approved", "Approved"),
    ("1_done", "Done"),
    ("1_canceled", "Cancelled"),
    ("04_waiting_normal", "Waiting"),
]
CLOSED_STATES = ("1_done", "1_canceled")


class ProjectTags(BaseModel):
    _name = "project.tags"
    _description = "Project Tags"
    _order = "name"

    name = Char("Name", required=True, translate=True)
    color = Integer("Color")


class ProjectTaskType(BaseModel):
    _name = "project.task.type"
    _description = "Task Stage"
    _order = "sequence, id"

    name = Char("Name", required=True, translate=True)
    sequence = Integer("Sequence", default=1)
    fold = Boolean("Folded in Kanban")
    active = Boolean("Active", default=True)
    project_ids = Many2many("project.project", "Projects")
    user_id = Many2one("res.users", "Stage Owner")


def _all_stages(env: Any) -> list[Any]:
    ids = env["project.task.type"].sudo()._search([("user_id", "=", False)], 0, None, None)
    return [(6, 0, ids)]


class ProjectProject(MailThread):
    _name = "project.project"
    _description = "Project"
    _order = "sequence, name, id"
    _mail_post_access = "read"
    _viewer_fields = (
        "partner_id",
        "user_id",
        "date_start",
        "date",
        "task_count",
        "open_task_count",
        "tag_ids",
        "privacy_visibility",
        "last_update_status",
        "description",
    )

    name = Char("Name", required=True, translate=True)
    active = Boolean("Active", default=True)
    sequence = Integer("Sequence", default=10)
    partner_id = Many2one("res.partner", "Customer")
    user_id = Many2one("res.users", "Project Manager", default=lambda env: env.uid)
    company_id = Many2one("res.company", "Company", default=lambda env: env.company_id or False)
    tag_ids = Many2many("project.tags", "Tags")
    date_start = Date("Start Date")
    date = Date("Expiration Date")
    description = Html("Description")
    color = Integer("Color Index")
    privacy_visibility = Selection(
        [
            ("followers", "Invited internal users (private)"),
            ("employees", "All internal users"),
            ("portal", "Invited portal users and all internal users (public)"),
        ],
        "Visibility",
        required=True,
        default="portal",
    )
    last_update_status = Selection(
        [
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("off_track", "Off Track"),
            ("on_hold", "On Hold"),
            ("to_define", "Set Status"),
            ("done", "Done"),
        ],
        "Last Update Status",
        required=True,
        default="to_define",
    )
    label_tasks = Char("Use Tasks as", default="Tareas", translate=True)
    allow_timesheets = Boolean("Timesheets", default=True)
    allocated_hours = Float("Allocated Time")
    favorite_user_ids = Many2many("res.users", "Members")
    type_ids = Many2many("project.task.type", "Tasks Stages", default=_all_stages)
    task_ids = One2many("project.task", "project_id", "Tasks")
    timesheet_ids = One2many("account.analytic.line", "project_id", "Associated Timesheets")
    task_count = Integer("Task Count", compute="_compute_task_count")
    open_task_count = Integer("Open Task Count", compute="_compute_open_task_count")
    closed_task_count = Integer("Closed Task Count", compute="_compute_closed_task_count")
    is_favorite = Boolean("Show Project on Dashboard", compute="_compute_is_favorite")

    def _task_states(self, ids: list[int]) -> dict[int, list[str]]:
        index = self._one2many_index(self._fields["task_ids"])
        tasks = self.env.store.table("project.task").rows
        keep = visible_ids(self.env["project.task"])
        return {
            rid: [tasks[t].get("state") or "" for t in index.get(rid, ()) if t in keep]
            for rid in ids
        }

    def _compute_task_count(self, ids: list[int]) -> dict[int, Any]:
        return {rid: len(states) for rid, states in self._task_states(ids).items()}

    def _compute_open_task_count(self, ids: list[int]) -> dict[int, Any]:
        return {
            rid: sum(1 for s in states if s not in CLOSED_STATES)
            for rid, states in self._task_states(ids).items()
        }

    def _compute_closed_task_count(self, ids: list[int]) -> dict[int, Any]:
        return {
            rid: sum(1 for s in states if s in CLOSED_STATES)
            for rid, states in self._task_states(ids).items()
        }

    def _compute_is_favorite(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {rid: self.env.uid in (rows[rid].get("favorite_user_ids") or ()) for rid in ids}


class ProjectTask(MailThread):
    _name = "project.task"
    _description = "Task"
    _order = "priority desc, sequence, date_deadline asc, id desc"
    _parent_name = "parent_id"
    _recursion_message = "Error! You cannot create recursive hierarchy of tasks."
    _mail_post_access = "read"
    _viewer_fields = (
        "project_id",
        "user_ids",
        "stage_id",
        "state",
        "priority",
        "date_deadline",
        "tag_ids",
        "partner_id",
        "parent_id",
        "child_ids",
        "allocated_hours",
        "effective_hours",
        "description",
    )

    name = Char("Title", required=True)
    active = Boolean("Active", default=True)
    project_id = Many2one(
        "project.project",
        "Project",
        default=lambda env: env.context.get("default_project_id") or False,
    )
    user_ids = Many2many("res.users", "Assignees")
    stage_id = Many2one("project.task.type", "Stage", ondelete="restrict")
    state = Selection(TASK_STATES, "State", required=True, default="01_in_progress")
    priority = Selection([("0", "Low"), ("1", "High")], "Priority", default="0")
    sequence = Integer("Sequence", default=10)
    tag_ids = Many2many("project.tags", "Tags")
    partner_id = Many2one("res.partner", "Customer")
    company_id = Many2one("res.company", "Company", default=lambda env: env.company_id or False)
    parent_id = Many2one("project.task", "Parent Task", ondelete="cascade")
    child_ids = One2many("project.task", "parent_id", "Sub-tasks")
    description = Html("Description")
    date_deadline = Datetime("Deadline")
    date_assign = Datetime("Assigning Date", readonly=True)
    date_end = Datetime("Ending Date")
    date_last_stage_update = Datetime("Last Stage Update", readonly=True)
    allocated_hours = Float("Allocated Time")
    timesheet_ids = One2many("account.analytic.line", "task_id", "Timesheets")
    effective_hours = Float("Time Spent", compute="_compute_effective_hours")
    remaining_hours = Float("Time Remaining", compute="_compute_remaining_hours")
    color = Integer("Color Index")
    is_closed = Boolean("Closed state", compute="_compute_is_closed", search="_search_is_closed")
    subtask_count = Integer("Sub-task Count", compute="_compute_subtask_count")

    def _compute_effective_hours(self, ids: list[int]) -> dict[int, Any]:
        index = self._one2many_index(self._fields["timesheet_ids"])
        lines = self.env.store.table("account.analytic.line").rows
        return {
            rid: float(sum(lines[i].get("unit_amount") or 0.0 for i in index.get(rid, ())))
            for rid in ids
        }

    def _compute_remaining_hours(self, ids: list[int]) -> dict[int, Any]:
        spent = self._compute_effective_hours(ids)
        rows = self._table.rows
        return {rid: (rows[rid].get("allocated_hours") or 0.0) - spent[rid] for rid in ids}

    def _compute_is_closed(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {rid: rows[rid].get("state") in CLOSED_STATES for rid in ids}

    def _search_is_closed(self, operator: str, value: Any) -> list[Any]:
        if operator in ("in", "not in"):
            values = value if isinstance(value, (list, tuple)) else [value]
            wanted = {bool(v) for v in values}
            if len(wanted) != 1:
                return [(1, "=", 1)] if operator == "in" else [(0, "=", 1)]
            value, operator = wanted.pop(), "=" if operator == "in" else "!="
        closed = bool(value) if operator == "=" else not bool(value)
        return [("state", "in" if closed else "not in", list(CLOSED_STATES))]

    def _compute_subtask_count(self, ids: list[int]) -> dict[int, Any]:
        index = self._one2many_index(self._fields["child_ids"])
        return {rid: len(index.get(rid, ())) for rid in ids}

    def _first_stage(self, project_id: Any) -> int | None:
        project = self.env.store.get("project.project", project_id or 0) or {}
        stages = self.env.store.table("project.task.type").rows
        candidates = [s for s in project.get("type_ids") or () if s in stages] or list(stages)
        ordered = sorted(candidates, key=lambda s: (stages[s].get("sequence") or 0, s))
        return ordered[0] if ordered else None

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        now = self.env.now()
        if not vals.get("stage_id") and vals.get("project_id"):
            vals["stage_id"] = self._first_stage(vals.get("project_id")) or False
        if vals.get("user_ids"):
            vals.setdefault("date_assign", now)
        vals.setdefault("date_last_stage_update", now)
        return vals

    def _after_write(self, ids: list[int], fnames: set[str]) -> None:
        store = self.env.store
        now = self.env.now()
        for rid in ids:
            row = store.get(self._name, rid) or {}
            changes: dict[str, Any] = {}
            if "stage_id" in fnames:
                changes["date_last_stage_update"] = now
                stage = store.get("project.task.type", row.get("stage_id") or 0) or {}
                if stage.get("fold") and "state" not in fnames:
                    changes["state"] = "1_done"
                elif row.get("state") in CLOSED_STATES and "state" not in fnames:
                    changes["state"] = "01_in_progress"
            if "user_ids" in fnames and row.get("user_ids") and not row.get("date_assign"):
                changes["date_assign"] = now
            if "project_id" in fnames and not row.get("stage_id") and row.get("project_id"):
                changes["stage_id"] = self._first_stage(row.get("project_id"))
            state = changes.get("state", row.get("state"))
            if state in CLOSED_STATES and not row.get("date_end"):
                changes["date_end"] = now
            if changes:
                store.update(self._name, rid, changes)

    def _check_constraints(self, ids: list[int], fnames: set[str]) -> None:
        if "parent_id" not in fnames:
            return
        rows = self._table.rows
        for rid in ids:
            seen, current = set(), rows[rid].get("parent_id")
            while current:
                if current == rid or current in seen:
                    raise ValidationError(self._recursion_message)
                seen.add(current)
                current = rows.get(current, {}).get("parent_id")

    @rpc
    def action_assign_to_me(self) -> bool:
        self.write({"user_ids": [(4, self.env.uid)]})
        return True


class AccountAnalyticLine(BaseModel):
    _name = "account.analytic.line"
    _description = "Analytic Line"
    _order = "date desc, id desc"
    _viewer_fields = ("date", "user_id", "project_id", "task_id", "unit_amount", "partner_id")

    name = Char("Description", required=True)
    date = Date("Date", required=True, default=lambda env: env.today())
    unit_amount = Float("Quantity", default=0.0)
    amount = Monetary("Amount", default=0.0)
    project_id = Many2one("project.project", "Project")
    task_id = Many2one("project.task", "Task", ondelete="cascade")
    user_id = Many2one("res.users", "User", default=lambda env: env.uid)
    partner_id = Many2one("res.partner", "Partner")
    company_id = Many2one("res.company", "Company", default=lambda env: env.company_id or False)
    currency_id = Many2one(
        "res.currency", "Currency", related="company_id.currency_id", readonly=True
    )

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        task = self.env.store.get("project.task", vals.get("task_id") or 0)
        if task and not vals.get("project_id"):
            vals["project_id"] = task.get("project_id") or False
        return vals
