"""mail.message, mail.message.subtype and the `MailThread` mixin (chatter, message_post)."""

from __future__ import annotations

import html
from typing import Any, ClassVar

from daniel.sandbox.exceptions import missing_error
from daniel.sandbox.orm import access
from daniel.sandbox.orm.fields import (
    Boolean,
    Char,
    Datetime,
    Html,
    Integer,
    Many2many,
    Many2one,
    One2many,
    Selection,
)
from daniel.sandbox.orm.model import BaseModel, RecordIds, rpc

MESSAGE_TYPES = [
    ("email", "Incoming Email"),
    ("comment", "Comment"),
    ("email_outgoing", "Outgoing Email"),
    ("notification", "System notification"),
    ("auto_comment", "Automated Targeted Notification"),
    ("user_notification", "User Specific Notification"),
]


class MailMessageSubtype(BaseModel):
    _name = "mail.message.subtype"
    _description = "Message subtypes"
    _order = "sequence, id"

    name = Char("Message Type", required=True, translate=True)
    description = Char("Description", translate=True)
    internal = Boolean("Internal Only", default=False)
    default = Boolean("Default", default=True)
    sequence = Integer("Sequence", default=1)


class MailMessage(BaseModel):
    _name = "mail.message"
    _description = "Message"
    _order = "id desc"
    _rec_name = "record_name"
    _viewer_fields = ("date", "author_id", "model", "res_id", "record_name", "subtype_id", "body")

    subject = Char("Subject")
    date = Datetime("Date", default=lambda env: env.now())
    body = Html("Contents", default="")
    model = Char("Related Document Model")
    res_id = Integer("Related Document ID")
    record_name = Char("Message Record Name")
    message_type = Selection(MESSAGE_TYPES, "Type", required=True, default="comment")
    subtype_id = Many2one("mail.message.subtype", "Subtype", ondelete="set null")
    is_internal = Boolean("Employee Only")
    author_id = Many2one("res.partner", "Author", ondelete="set null")
    email_from = Char("From")
    partner_ids = Many2many("res.partner", "Recipients")
    parent_id = Many2one("mail.message", "Parent Message", ondelete="set null")

    def _compute_display_name(self, ids: list[int]) -> dict[int, Any]:
        rows = self._table.rows
        return {
            rid: rows[rid].get("subject") or rows[rid].get("record_name") or f"mail.message,{rid}"
            for rid in ids
        }

    def _prepare_vals(self, vals: dict[str, Any]) -> dict[str, Any]:
        model, res_id = vals.get("model"), vals.get("res_id")
        if not vals.get("record_name") and isinstance(model, str) and model in self.env and res_id:
            document = self.env[model].sudo()
            if res_id in document._table.rows:
                vals["record_name"] = document._display_names([res_id])[res_id]
        return vals


class MailThread(BaseModel):
    """Models with a chatter: `message_ids` and `message_post`."""

    _mail_thread = True
    #: Access needed on the document to post on it (Odoo's `_mail_post_access`).
    _mail_post_access: ClassVar[str] = "write"

    message_ids = One2many("mail.message", "res_id", "Messages", thread_messages=True)

    @rpc
    def message_post(
        self,
        *,
        body: Any = "",
        subject: Any = None,
        message_type: str = "notification",
        subtype_xmlid: str | None = None,
        subtype_id: Any = False,
        partner_ids: Any = None,
        author_id: Any = None,
        email_from: Any = None,
        parent_id: Any = False,
        attachment_ids: Any = None,
        body_is_html: bool = False,
        **kwargs: Any,
    ) -> RecordIds:
        if len(self.ids) != 1:
            raise ValueError(f"Expected singleton: {self!r}")
        rid = self.ids[0]
        if rid not in self._table.rows:
            raise missing_error(self._name, [rid], self.env.uid)
        operation = self._mail_post_access
        access.check_model_access(self.env, self, operation)
        access.check_rules(self, [rid], operation)
        store = self.env.store
        if not subtype_id:
            xmlid = subtype_xmlid or "mail.mt_note"
            if xmlid not in store.xmlids:
                raise ValueError(f"External ID not found in the system: {xmlid}")
            subtype_id = store.ref(xmlid)
        subtype = store.get("mail.message.subtype", subtype_id) if subtype_id else None
        text = "" if body is None or body is False else str(body)
        if not body_is_html:
            text = html.escape(text).replace("\n", "<br>")
        author = author_id or self.env.user.get("partner_id") or False
        vals: dict[str, Any] = {
            "body": text,
            "subject": subject or False,
            "message_type": message_type,
            "subtype_id": subtype_id,
            "is_internal": bool(subtype and subtype.get("internal")),
            "author_id": author,
            "email_from": email_from or False,
            "model": self._name,
            "res_id": rid,
            "record_name": self._display_names([rid]).get(rid) or False,
            "partner_ids": [(6, 0, list(partner_ids or []))],
            "parent_id": parent_id or False,
            **kwargs,
        }
        messages = self.env["mail.message"].sudo()
        created = messages.create(vals)
        return RecordIds(list(created), single=True)

    def _after_unlink(self, rows: list[dict[str, Any]]) -> None:
        super()._after_unlink(rows)
        gone = {row["id"] for row in rows}
        messages = self.env["mail.message"].sudo()
        doomed = [
            mid
            for mid, row in messages._table.rows.items()
            if row.get("model") == self._name and row.get("res_id") in gone
        ]
        if doomed:
            messages.browse(doomed).unlink()
