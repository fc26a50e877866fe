"""Fields: asking the model for one JSON object per image, and reading it back with its values checked.

:func:`field_instruction` is added to the question (the keys, their types and a format for each);
:func:`response_format_for` asks for JSON mode only where the model's profile says it is honoured (Anthropic's
compatibility layer ignores it). :func:`parse_answer` finds the JSON in fenced or chatty answers and normalises
each value: numbers with thousands separators, currency signs, ``1.234,56`` (European) and ``(12.50)``
(negative); dates in common formats to ``yyyy-mm-dd``; yes/no/true/false/是/否 to booleans. What it cannot read is
listed per field in :attr:`ParsedAnswer.problems`; the runner then asks once more with :func:`repair_request`,
and otherwise leaves the cell empty with the reason.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from vision_desktop.core.i18n import tr

if TYPE_CHECKING:
    from vision_desktop.batch.spec import Field
    from vision_desktop.core.profiles import ModelProfile

__all__ = [
    "ParsedAnswer",
    "Value",
    "extract_json",
    "field_instruction",
    "normalise",
    "parse_answer",
    "parse_date",
    "parse_number",
    "parse_yesno",
    "question_text",
    "repair_request",
    "response_format_for",
    "values_json",
]

Value = str | int | float | bool | None
"""A cell: text, a number, an ISO date (text), yes/no (bool), or empty."""

_FORMATS = {
    "text": ("string", "text as written"),
    "number": ("number", "a plain number such as 1234.56: no currency sign, no thousands separator"),
    "date": ("string", "a date written YYYY-MM-DD"),
    "yesno": ("boolean", "true or false"),
}
_EMPTY = {"", "n/a", "na", "none", "null", "unknown", "-", "—", "–", "?", "无法识别", "未知", "不适用"}
_MAX_ECHO = 4000


# ------------------------------------------------------------------------------------------ asking
def field_instruction(fields: Sequence[Field]) -> str:
    """The text added to the question: answer with one JSON object with exactly these keys (its schema)."""
    schema = {f.name: _FORMATS[f.type][0] for f in fields}
    lines = [
        "Answer with one JSON object only, and no other text, with exactly these keys:",
        json.dumps(schema, ensure_ascii=False),
    ]
    for f in fields:
        about = f" — {f.description}" if f.description else ""
        lines.append(f'- "{f.name}": {_FORMATS[f.type][1]}{about}')
    lines.append("Use null for a value the image does not show.")
    return "\n".join(lines)


def question_text(prompt: str, fields: Sequence[Field]) -> str:
    """The question sent with each image: the person's prompt, and the field instruction when there are fields."""
    if not fields:
        return prompt
    return f"{prompt.strip()}\n\n{field_instruction(fields)}".strip()


def response_format_for(fields: Sequence[Field], profile: ModelProfile) -> dict[str, Any] | None:
    """``{"type": "json_object"}`` when there are fields and the model honours ``response_format``; else None."""
    if fields and profile.honours_response_format:
        return {"type": "json_object"}
    return None


def repair_request(answer: str, parsed: ParsedAnswer, fields: Sequence[Field]) -> str:
    """The one follow-up for an answer that could not be read: what was wrong, and the answer itself."""
    echoed = answer if len(answer) <= _MAX_ECHO else answer[:_MAX_ECHO] + " …"
    problems = "\n".join(f"- {text}" for text in parsed.problem_lines())
    return (
        "Your answer could not be read as the JSON object that was asked for:\n"
        f"{problems}\n\nYour answer was:\n{echoed}\n\n"
        "Reply again with the corrected JSON object only.\n" + field_instruction(fields)
    )


# ------------------------------------------------------------------------------------------ reading
@dataclass(frozen=True)
class ParsedAnswer:
    values: dict[str, Value]
    """Every field's value (``None`` when empty or unreadable)."""
    problems: dict[str, str] = field(default_factory=dict)
    """Field name → why its value could not be used; ``""`` → a problem with the whole answer."""

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self) -> list[str]:
        line = tr("errors", '"{name}": {problem}')
        return [
            text if not name else line.format(name=name, problem=text) for name, text in self.problems.items()
        ]

    def reason(self) -> str:
        """The problems as one line for the table's error column."""
        return tr("errors", "; ").join(self.problem_lines())


def parse_answer(text: str, fields: Sequence[Field]) -> ParsedAnswer:
    """The fields' values out of an answer (plain JSON, fenced, or JSON inside sentences), types checked."""
    empty: dict[str, Value] = {f.name: None for f in fields}
    data = extract_json(text)
    if data is None:
        return ParsedAnswer(empty, {"": tr("errors", "the answer holds no JSON object")})
    keys = {_key(k): k for k in data}
    values: dict[str, Value] = {}
    problems: dict[str, str] = {}
    for f in fields:
        original = keys.get(_key(f.name))
        if original is None:
            values[f.name] = None
            problems[f.name] = tr("errors", "missing from the answer")
            continue
        try:
            values[f.name] = normalise(data[original], f.type)
        except ValueError as exc:
            values[f.name] = None
            problems[f.name] = str(exc)
    return ParsedAnswer(values, problems)


def normalise(value: Any, kind: str) -> Value:
    """``value`` as the field type wants it; ValueError (a plain reason) when it cannot be read."""
    if value is None or (isinstance(value, str) and value.strip().lower() in _EMPTY):
        return None
    if kind == "text":
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, (dict, list)):
            return json.dumps(value, ensure_ascii=False)
        if isinstance(value, bool):
            return "yes" if value else "no"
        return str(value)
    if kind == "number":
        if isinstance(value, bool):
            raise ValueError(_not_a_number(json.dumps(value)))
        if isinstance(value, (int, float)):
            return value
        if isinstance(value, str):
            return parse_number(value)
        raise ValueError(_not_a_number(_short(value)))
    if kind == "date":
        if isinstance(value, str):
            return parse_date(value)
        raise ValueError(tr("errors", "{value} is not a date").format(value=_short(value)))
    if kind == "yesno":
        if isinstance(value, bool):
            return value
        if isinstance(value, (int, float)) and value in (0, 1):
            return bool(value)
        if isinstance(value, str):
            return parse_yesno(value)
        raise ValueError(_not_yes_or_no(_short(value)))
    raise ValueError(f"unknown field type {kind!r}")


def _key(name: str) -> str:
    return re.sub(r"[\s_\-]+", "", str(name)).casefold()


def _not_a_number(value: str) -> str:
    return tr("errors", "{value} is not a number").format(value=value)


def _not_a_date(text: str) -> str:
    return tr("errors", "{value} is not a date (write it YYYY-MM-DD)").format(value=f'"{text.strip()}"')


def _not_yes_or_no(value: str) -> str:
    return tr("errors", "{value} is not yes or no").format(value=value)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


# ------------------------------------------------------------------------------------------ JSON
_FENCE = re.compile(r"```[a-zA-Z0-9_-]*[ \t]*\n?(.*?)```", re.DOTALL)


def extract_json(text: str) -> dict[str, Any] | None:
    """The first JSON object in ``text``: the whole text, a fenced block, or the first balanced ``{…}`` that
    parses (a list holding one object counts). None when there is none."""
    candidates = [text.strip(), *(m.group(1).strip() for m in _FENCE.finditer(text))]
    for candidate in candidates:
        found = _as_object(_loads(candidate))
        if found is not None:
            return found
    for start in (i for i, ch in enumerate(text) if ch == "{"):
        end = _balanced_end(text, start)
        if end is None:
            continue
        found = _as_object(_loads(text[start : end + 1]))
        if found is not None:
            return found
    return None


def _loads(text: str) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    # a trailing comma before } or ], which models write now and then
    try:
        return json.loads(re.sub(r",\s*([}\]])", r"\1", text))
    except ValueError:
        return None


def _as_object(data: Any) -> dict[str, Any] | None:
    if isinstance(data, dict):
        return data
    if isinstance(data, list) and len(data) == 1 and isinstance(data[0], dict):
        return data[0]
    return None


def _balanced_end(text: str, start: int) -> int | None:
    depth = 0
    in_string = False
    escaped = False
    for i in range(start, len(text)):
        ch = text[i]
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return i
    return None


# ------------------------------------------------------------------------------------------ numbers
_CURRENCY = re.compile(
    r"(?i)\b(?:usd|eur|gbp|cny|rmb|jpy|hkd|twd|chf|cad|aud|inr|krw|rub|sgd|us|ca|au|hk|nt)\b|"
    r"[$€£¥￥₹₩₽₺₫₪฿¢元円圆]|\bkr\b|\bfr\b"
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’]")
_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)?(?:\.\d+)?$")


def parse_number(text: str) -> int | float:
    """``"$1,234.56"``, ``"1.234,56 €"``, ``"1 234,56"``, ``"(12.50)"``, ``"-3"``, ``"¥88"`` → the number.

    With both ``.`` and ``,`` the last one is the decimal mark; a lone ``,`` followed by other than three digits
    is a decimal comma (``12,5``); several ``.`` are thousands separators (``1.234.567``). ValueError otherwise.
    """
    original = text
    s = text.strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1]
    s = _CURRENCY.sub("", s)
    s = _SPACES.sub("", s)
    if s.endswith("-") and not s.startswith("-"):  # "12.50-" as some tills print refunds
        negative, s = True, s[:-1]
    s = s.replace("−", "-")
    if s.startswith("+"):
        s = s[1:]
    if s.startswith("-"):
        negative, s = not negative, s[1:]
    if not s or not re.fullmatch(r"[\d.,]+", s) or not any(ch.isdigit() for ch in s):
        raise ValueError(_not_a_number(f'"{original.strip()}"'))
    decimal_comma = False
    if "," in s and "." in s:
        decimal_comma = s.rfind(",") > s.rfind(".")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        decimal_comma = s.count(",") == 1 and (len(tail) != 3 or head.strip("0") == "")
    elif s.count(".") > 1:
        s = s.replace(".", ",")  # 1.234.567: dots as thousands separators
    if decimal_comma:
        s = s.replace(".", "\0").replace(",", ".").replace("\0", ",")
    if not _NUMBER.fullmatch(s):
        raise ValueError(_not_a_number(f'"{original.strip()}"'))
    plain = s.replace(",", "")
    value: int | float = float(plain) if "." in plain else int(plain)
    return -value if negative else value


# ------------------------------------------------------------------------------------------ dates
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[t\s].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$")
_DMY = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{2}|\d{4})(?:\s.*)?$")
_NAMED_DMY = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\.?\s+([a-z]+)\.?,?\s+(\d{4})$")
_NAMED_MDY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$")


def parse_date(text: str) -> str:
    """A date in a common format → ``yyyy-mm-dd``.

    Read: ``2024-03-05`` (also with a time), ``2024/3/5``, ``20240305``, ``2024年3月5日``, ``5.3.2024`` and
    ``05-03-2024`` (day first), ``03/05/2024`` (month first unless the first number is above 12), two-digit years
    (``5.3.24`` → 2024), ``5 March 2024``, ``March 5, 2024``. ValueError otherwise.
    """
    s = text.strip().lower()
    year: int
    month: int
    day: int
    if m := _YMD.match(s) or _COMPACT.match(s) or _CJK.match(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(s):
        first, sep, second, year = int(m[1]), m[2], int(m[3]), _year(m[4])
        if sep == "/" and first <= 12 < second:
            month, day = first, second
        elif sep == "/" and second <= 12 < first:
            day, month = first, second
        elif sep == "/":
            month, day = first, second
        else:
            day, month = first, second
    elif m := _NAMED_DMY.match(s):
        day, month, year = int(m[1]), _month(m[2], text), int(m[3])
    elif m := _NAMED_MDY.match(s):
        month, day, year = _month(m[1], text), int(m[2]), int(m[3])
    else:
        raise ValueError(_not_a_date(text))
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValueError(
            tr("errors", "{value} is not a real date").format(value=f'"{text.strip()}"')
        ) from None


def _year(text: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2000 + value if value < 70 else 1900 + value
    return value


def _month(name: str, original: str) -> int:
    number = _MONTHS.get(name.strip("."))
    if number is None:
        raise ValueError(_not_a_date(original))
    return number


# ------------------------------------------------------------------------------------------ yes/no
_YES = {"yes", "y", "true", "t", "1", "是", "是的", "有", "对", "ja", "oui", "sí", "si", "x", "✓", "✔"}
_NO = {"no", "n", "false", "f", "0", "否", "不是", "无", "没有", "不", "错", "nein", "non"}


def parse_yesno(text: str) -> bool:
    """yes/no/true/false/是/否 (and a few more) → True/False; ValueError otherwise."""
    s = text.strip().strip(".!。").casefold()
    if s in _YES:
        return True
    if s in _NO:
        return False
    raise ValueError(_not_yes_or_no(f'"{text.strip()}"'))


def values_json(values: Mapping[str, Value]) -> str:
    return json.dumps(dict(values), ensure_ascii=False)
