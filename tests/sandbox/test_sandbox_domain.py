"""The domain engine: every operator, prefix logic, paths, NULLs and the active rule.

Each test searches a small hand-made address book in an empty in-memory sandbox, so the
expected ids are known exactly.
"""

from __future__ import annotations

from typing import Any

import pytest

from daniel.sandbox.exceptions import UserError
from daniel.sandbox.orm.env import Env


class Book:
    def __init__(self, env: Env) -> None:
        self.env = env
        country = env["res.country"]
        self.es = country.create({"name": "España", "code": "ES"})[0]
        self.fr = country.create({"name": "Francia", "code": "FR"})[0]
        self.vip = env["res.partner.category"].create({"name": "VIP"})[0]
        add = self.add
        self.acme = add(
            name="Acme Corp",
            is_company=True,
            email="info@acme.es",
            country_id=self.es,
            category_id=[(6, 0, [self.vip])],
            color=3,
        )
        self.beta = add(name="Beta SL", is_company=True, email="hola@beta.fr", country_id=self.fr)
        self.ana = add(name="Ana Pérez", parent_id=self.acme, email="ana@acme.es", color=1)
        self.luis = add(name="Luis Gómez", parent_id=self.acme, email="luis@acme.es", color=2)
        self.zoe = add(
            name="Zoe Martin",
            parent_id=self.beta,
            email="zoe@beta.fr",
            category_id=[(6, 0, [self.vip])],
        )
        self.alvaro = add(name="Álvaro Ñúñez", email=False, color=5)
        self.sub = add(name="Sub Contacto", parent_id=self.ana, email="sub@acme.es")
        self.old = add(name="Old Contact", parent_id=self.acme, email="old@acme.es", active=False)
        self.active_ids = {
            self.acme,
            self.beta,
            self.ana,
            self.luis,
            self.zoe,
            self.alvaro,
            self.sub,
        }

    def add(self, **vals: Any) -> int:
        return int(self.env["res.partner"].create(vals)[0])

    def ids(self, domain: Any, **context: Any) -> set[int]:
        model = self.env["res.partner"]
        if context:
            model = model.with_env(self.env.with_context(**context))
        return set(model.search(domain))


@pytest.fixture
def book(blank: Env) -> Book:
    return Book(blank)


def test_equality_and_inequality(book: Book) -> None:
    assert book.ids([("name", "=", "Acme Corp")]) == {book.acme}
    assert book.ids([("name", "=", "acme corp")]) == set()
    # `!=` also matches empty values, as SQL `x != v OR x IS NULL` in Odoo
    assert book.ids([("email", "!=", "info@acme.es")]) == book.active_ids - {book.acme}
    assert book.alvaro in book.ids([("email", "<>", "ana@acme.es")])


def test_comparisons_on_numbers_and_ids(book: Book) -> None:
    assert book.ids([("color", ">", 2)]) == {book.acme, book.alvaro}
    assert book.ids([("color", ">=", 2)]) == {book.acme, book.luis, book.alvaro}
    assert book.ids([("color", "<", 2)]) == book.active_ids - {book.acme, book.luis, book.alvaro}
    assert book.ids([("color", "<=", 1)]) == book.ids([("color", "<", 2)])
    assert book.ids([("id", ">", book.alvaro)]) == {book.sub}


def test_like_is_case_sensitive_and_ilike_is_not(book: Book) -> None:
    assert book.ids([("name", "like", "Acme")]) == {book.acme}
    assert book.ids([("name", "like", "acme")]) == set()
    assert book.ids([("name", "ilike", "ACME")]) == {book.acme}
    assert book.ids([("name", "ilike", "ñúñez")]) == {book.alvaro}
    assert book.ids([("name", "ilike", "")]) == book.active_ids
    assert book.ids([("name", "not like", "Acme")]) == book.active_ids - {book.acme}
    assert book.ids([("name", "not ilike", "a")]) == {book.luis}


def test_like_patterns(book: Book) -> None:
    assert book.ids([("name", "=like", "Acme%")]) == {book.acme}
    assert book.ids([("name", "=like", "Acme")]) == set()
    assert book.ids([("name", "=ilike", "acme%")]) == {book.acme}
    assert book.ids([("name", "=ilike", "_cme corp")]) == {book.acme}
    assert book.ids([("email", "ilike", "%@acme.es")]) == {book.acme, book.ana, book.luis, book.sub}


def test_in_and_not_in(book: Book) -> None:
    assert book.ids([("id", "in", [book.acme, book.beta, 99999])]) == {book.acme, book.beta}
    assert book.ids([("id", "in", [])]) == set()
    assert book.ids([("id", "not in", [])]) == book.active_ids
    assert book.ids([("name", "not in", ["Acme Corp", "Beta SL"])]) == book.active_ids - {
        book.acme,
        book.beta,
    }
    assert book.ids([("email", "in", [False])]) == {book.alvaro}
    assert book.ids([("id", "=", [book.ana])]) == {book.ana}


def test_false_comparisons(book: Book) -> None:
    assert book.ids([("email", "=", False)]) == {book.alvaro}
    assert book.ids([("email", "!=", False)]) == book.active_ids - {book.alvaro}
    assert book.ids([("parent_id", "=", False)]) == {book.acme, book.beta, book.alvaro}
    assert book.ids([("is_company", "=", False)]) == book.active_ids - {book.acme, book.beta}
    assert book.ids([("is_company", "=", 1)]) == {book.acme, book.beta}
    assert book.ids([("parent_id", "=?", False)]) == book.active_ids


def test_prefix_operators_and_implicit_and(book: Book) -> None:
    either = ["|", ("name", "=", "Acme Corp"), ("name", "=", "Beta SL")]
    assert book.ids(either) == {book.acme, book.beta}
    assert book.ids(["!", ("is_company", "=", True)]) == book.active_ids - {book.acme, book.beta}
    both = ["&", ("is_company", "=", True), ("country_id.code", "=", "ES")]
    assert book.ids(both) == {book.acme}
    assert book.ids([("is_company", "=", True), ("country_id.code", "=", "ES")]) == {book.acme}
    nested = [
        "|",
        "!",
        ("email", "ilike", "acme"),
        "&",
        ("color", "=", 1),
        ("parent_id", "!=", False),
    ]
    assert book.ids(nested) == {book.beta, book.zoe, book.alvaro, book.ana}


def test_list_leaves_work_like_tuples(book: Book) -> None:
    assert (
        book.ids([["name", "ilike", "zoe"]]) == book.ids([("name", "ilike", "zoe")]) == {book.zoe}
    )


def test_dotted_paths_at_any_depth(book: Book) -> None:
    assert book.ids([("parent_id.name", "=", "Acme Corp")]) == {book.ana, book.luis}
    assert book.ids([("parent_id.country_id.code", "=", "FR")]) == {book.zoe}
    assert book.ids([("parent_id.parent_id.name", "ilike", "acme")]) == {book.sub}
    assert book.ids([("category_id.name", "=", "VIP")]) == {book.acme, book.zoe}


def test_many2one_compared_with_text_matches_names(book: Book) -> None:
    assert book.ids([("parent_id", "=", "Acme Corp")]) == {book.ana, book.luis}
    assert book.ids([("parent_id", "ilike", "acme")]) == {book.ana, book.luis, book.sub}
    not_acme = book.ids([("parent_id", "!=", "Acme Corp")])
    assert not_acme == book.active_ids - {book.ana, book.luis}
    assert book.ids([("country_id", "in", ["España"])]) == {book.acme}


def test_x2many_comparisons(book: Book) -> None:
    assert book.ids([("category_id", "in", [book.vip])]) == {book.acme, book.zoe}
    assert book.ids([("category_id", "=", book.vip)]) == {book.acme, book.zoe}
    assert book.ids([("category_id", "not in", [book.vip])]) == book.active_ids - {
        book.acme,
        book.zoe,
    }
    assert book.ids([("category_id", "!=", False)]) == {book.acme, book.zoe}
    assert book.ids([("category_id", "=", False)]) == book.active_ids - {book.acme, book.zoe}
    assert book.ids([("category_id", "ilike", "vi")]) == {book.acme, book.zoe}
    # one2many: archived children do not count while active_test is on
    assert book.ids([("child_ids", "!=", False)]) == {book.acme, book.beta, book.ana}


def test_any_and_not_any(book: Book) -> None:
    assert book.ids([("child_ids", "any", [("name", "ilike", "luis")])]) == {book.acme}
    without_acme = book.ids([("parent_id", "not any", [("name", "=", "Acme Corp")])])
    assert without_acme == book.active_ids - {book.ana, book.luis}


def test_child_of_and_parent_of(book: Book) -> None:
    assert book.ids([("id", "child_of", book.acme)]) == {book.acme, book.ana, book.luis, book.sub}
    assert book.ids([("id", "child_of", [book.beta, book.ana])]) == {
        book.beta,
        book.zoe,
        book.ana,
        book.sub,
    }
    assert book.ids([("id", "child_of", "Beta SL")]) == {book.beta, book.zoe}
    assert book.ids([("parent_id", "child_of", book.acme)]) == {book.ana, book.luis, book.sub}
    assert book.ids([("id", "parent_of", book.sub)]) == {book.sub, book.ana, book.acme}


def test_archived_records_are_hidden_unless_asked(book: Book) -> None:
    assert book.old not in book.ids([])
    assert book.ids([("active", "=", False)]) == {book.old}
    assert book.ids([("active", "in", [True, False])]) == book.active_ids | {book.old}
    assert book.ids([], active_test=False) == book.active_ids | {book.old}
    # a path through a many2one still reaches archived records
    assert book.old in book.ids([("parent_id.name", "=", "Acme Corp")], active_test=False)


def test_dates_compare_with_date_only_strings(book: Book) -> None:
    today = book.env.today()
    assert book.ids([("create_date", ">=", today)]) == book.active_ids
    assert book.ids([("create_date", ">", "2999-01-01")]) == set()
    assert book.ids([("create_date", "<=", today)]) == book.active_ids
    assert book.ids([("create_date", "=", False)]) == set()


def test_true_and_false_leaves(book: Book) -> None:
    assert book.ids([(1, "=", 1)]) == book.active_ids
    assert book.ids([(0, "=", 1)]) == set()


@pytest.mark.parametrize(
    ("domain", "error", "message"),
    [
        (
            [("no_such_field", "=", 1)],
            ValueError,
            "Invalid field res.partner.no_such_field in leaf ('no_such_field', '=', 1)",
        ),
        (
            [("country_id.no_such", "=", 1)],
            ValueError,
            "Invalid field res.country.no_such in leaf ('no_such', '=', 1)",
        ),
        ([("name", "contains", "x")], ValueError, "Invalid leaf ('name', 'contains', 'x')"),
        ([("name", "ilike")], ValueError, "not enough values to unpack (expected 3, got 2)"),
        (
            ["|", ("name", "ilike", "a")],
            ValueError,
            "Domain ['|', ('name', 'ilike', 'a')] is syntactically not correct.",
        ),
        (
            "[('name','=','x')]",
            AssertionError,
            "Domains to normalize must have a 'domain' form: a list or tuple of domain components",
        ),
        (
            [("display_name", "=", "x"), ("task_count", ">", 1)],
            ValueError,
            "Non-stored field res.partner.task_count cannot be searched.",
        ),
    ],
)
def test_bad_domains_fail_like_odoo(book: Book, domain: Any, error: type, message: str) -> None:
    with pytest.raises(error) as caught:
        book.ids(domain)
    assert str(caught.value) == message


def test_order_by_several_fields_and_directions(book: Book) -> None:
    partner = book.env["res.partner"]
    names = partner.search_read([("parent_id", "=", False)], ["name"], order="name")
    # accents do not push "Álvaro" after "Z": the order follows a locale collation
    assert [r["name"] for r in names] == ["Acme Corp", "Álvaro Ñúñez", "Beta SL"]
    ordered = partner.search([], order="is_company desc, name desc")
    assert ordered[:2] == [book.beta, book.acme]
    assert ordered[2:] == [book.zoe, book.sub, book.luis, book.ana, book.alvaro]


def test_order_by_many2one_and_nulls(book: Book) -> None:
    partner = book.env["res.partner"]
    # many2one sorts by the comodel's own order (partners: complete name)
    by_parent = partner.search([("parent_id", "!=", False)], order="parent_id, name")
    assert by_parent == [book.ana, book.luis, book.sub, book.zoe]
    assert partner.search([], order="email")[-1] == book.alvaro  # NULLs last ascending
    assert partner.search([], order="email desc")[0] == book.alvaro  # first descending
    assert partner.search([], order="email asc nulls first")[0] == book.alvaro


def test_limit_and_offset(book: Book) -> None:
    partner = book.env["res.partner"]
    everything = partner.search([], order="name")
    assert partner.search([], limit=0, order="name") == everything
    assert partner.search([], limit=False, order="name") == everything
    assert partner.search([], offset=2, limit=3, order="name") == everything[2:5]
    assert partner.search_count([], limit=3) == 3


def test_bad_orders_fail_like_odoo(book: Book) -> None:
    partner = book.env["res.partner"]
    with pytest.raises(UserError, match=r'^Invalid "order" specified \(name; drop table x\)'):
        partner.search([], order="name; drop table x")
    with pytest.raises(ValueError, match=r"Invalid\ field\ 'nope'\ on\ model\ 'res\.partner'"):
        partner.search([], order="nope")
    with pytest.raises(ValueError, match=r"Cannot\ convert\ res\.partner\.display_name\ to\ SQL"):
        partner.search([], order="display_name")
