"""Fields: JSON found in fenced or chatty answers, values normalised, problems named per field."""

from __future__ import annotations

import pytest

from vision_desktop.batch.fields import (
    field_instruction,
    parse_answer,
    parse_date,
    parse_number,
    parse_yesno,
    repair_request,
    response_format_for,
)
from vision_desktop.batch.spec import parse_fields
from vision_desktop.core.profiles import profile_for

FIELDS = parse_fields("vendor:text,total:number,date:date,paid:yesno")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1234.56", 1234.56),
        ("$1,234.56", 1234.56),
        ("1.234,56 €", 1234.56),
        ("1 234,56", 1234.56),
        ("1\u202f234,56", 1234.56),
        ("(12.50)", -12.5),
        ("-3", -3),
        ("¥88", 88),
        ("RMB 88.00元", 88.0),
        ("12,5", 12.5),
        ("1,234", 1234),
        ("1.234.567", 1234567),
        ("USD 1,000,000", 1000000),
        ("12.50-", -12.5),
    ],
)
def test_numbers_as_receipts_write_them(text: str, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["abc", "1,23,4", "12 apples", "", "$"])
def test_what_is_not_a_number_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="is not a number"):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05"),
        ("2024/3/5", "2024-03-05"),
        ("20240305", "2024-03-05"),
        ("2024年3月5日", "2024-03-05"),
        ("5.3.2024", "2024-03-05"),
        ("05-03-2024", "2024-03-05"),
        ("03/05/2024", "2024-03-05"),
        ("13/05/2024", "2024-05-13"),
        ("5.3.24", "2024-03-05"),
        ("5 March 2024", "2024-03-05"),
        ("March 5, 2024", "2024-03-05"),
        ("Sept. 5, 2024", "2024-09-05"),
    ],
)
def test_dates_in_common_formats_become_iso(text: str, iso: str) -> None:
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2024-02-30", "yesterday", "13/13/2024"])
def test_what_is_not_a_date_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "value"), [("yes", True), ("TRUE", True), ("是", True), ("否", False), ("No.", False)]
)
def test_yes_and_no(text: str, value: bool) -> None:
    assert parse_yesno(text) is value


def test_a_fenced_answer_with_chatter_is_read() -> None:
    answer = (
        "Sure! Here is the data:\n```json\n"
        '{"Vendor": "Aldi", "total": "1.234,56 €", "date": "5.3.2024", "paid": "是"}\n```\nAnything else?'
    )
    parsed = parse_answer(answer, FIELDS)
    assert parsed.ok
    assert parsed.values == {"vendor": "Aldi", "total": 1234.56, "date": "2024-03-05", "paid": True}


def test_json_inside_sentences_with_braces_in_strings_is_read() -> None:
    answer = (
        'The receipt shows {"vendor": "A {b} \\"c\\"", "total": 3, "date": null, "paid": true,} as asked.'
    )
    parsed = parse_answer(answer, FIELDS)
    assert parsed.ok, parsed.problems
    assert parsed.values == {"vendor": 'A {b} "c"', "total": 3, "date": None, "paid": True}


def test_broken_json_and_bad_values_are_named_per_field() -> None:
    broken = parse_answer('{"vendor": "x", "total": "lots"', FIELDS)
    assert not broken.ok and broken.problems == {"": "the answer holds no JSON object"}

    bad = parse_answer('{"vendor": "x", "total": "lots", "date": "someday"}', FIELDS)
    assert bad.values == {"vendor": "x", "total": None, "date": None, "paid": None}
    assert bad.problems == {
        "total": '"lots" is not a number',
        "date": '"someday" is not a date (write it YYYY-MM-DD)',
        "paid": "missing from the answer",
    }
    request = repair_request('{"vendor": "x", "total": "lots", "date": "someday"}', bad, FIELDS)
    assert '"total": "lots" is not a number' in request
    assert '{"vendor": "x", "total": "lots", "date": "someday"}' in request
    assert "corrected JSON object only" in request


def test_the_instruction_carries_the_schema_and_json_mode_only_where_honoured() -> None:
    text = field_instruction(FIELDS)
    assert '{"vendor": "string", "total": "number", "date": "string", "paid": "boolean"}' in text
    assert "YYYY-MM-DD" in text
    assert response_format_for(FIELDS, profile_for("gpt-4o")) == {"type": "json_object"}
    assert response_format_for(FIELDS, profile_for("claude-sonnet-4-20250514")) is None
    assert response_format_for((), profile_for("gpt-4o")) is None
