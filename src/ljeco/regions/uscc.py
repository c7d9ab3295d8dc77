"""Unified social credit codes (统一社会信用代码), GB 32100-2015, and their embedded organisation code, GB 11714-1997.

An 18-character code is laid out (GB 32100-2015 §4, Figure 1) as::

    position 1      registration authority (登记管理部门代码), e.g. ``9`` = 工商 (market regulation)
    position 2      entity type (机构类别代码), e.g. ``1`` = 企业 under authority 9
    positions 3–8   administrative division (登记管理机关行政区划码, GB/T 2260), e.g. ``500112``
    positions 9–17  organisation code (主体标识码, GB 11714-1997: 8 body characters + 1 check character)
    position 18     check character (校验码), GB 32100-2015 §5 and Appendix A

The character set is the digits and the capital letters without I, O, Z, S and V (31 symbols, values 0–30 in the
order of :data:`USCC_CHARSET`; GB 32100-2015 Table 3). The 18th character is ``C18 = 31 − (Σ Ci·Wi mod 31)`` with
weights ``Wi = 3^(i−1) mod 31`` (GB 32100-2015 Table 4: 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10,
30, 28) and 31 written as ``0``.

The organisation code's 9th character (GB 11714-1997 §4.2) is ``C9 = 11 − (Σ Ci·Wi mod 11)`` over the 8 body
characters, digits worth their value and letters A=10 … Z=35, with weights 3, 7, 9, 10, 5, 8, 4, 2; 10 is written
``X`` and 11 is written ``0``.
"""

from __future__ import annotations

from ljeco.core.errors import ValidationError

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""GB 32100-2015 Table 3: the 31 code characters in value order."""

USCC_WEIGHTS: tuple[int, ...] = tuple(pow(3, i, 31) for i in range(17))
"""GB 32100-2015 Table 4: weights of positions 1–17 (3^(i−1) mod 31)."""

ORG_CODE_WEIGHTS: tuple[int, ...] = (3, 7, 9, 10, 5, 8, 4, 2)
"""GB 11714-1997 §4.2: weights of the 8 body characters."""

_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}


def _org_value(ch: str) -> int:
    if ch.isdigit():
        return int(ch)
    if "A" <= ch <= "Z":
        return ord(ch) - ord("A") + 10
    raise ValidationError(
        f"organisation code character {ch!r} is not a digit or capital letter", code="invalid_uscc"
    )


def org_code_check_char(body: str) -> str:
    """Check character of an 8-character organisation code body (GB 11714-1997 §4.2).

    >>> org_code_check_char("M000100Y")
    '4'
    """
    if len(body) != 8:
        raise ValidationError(
            f"organisation code body must have 8 characters, got {len(body)}", code="invalid_uscc"
        )
    c9 = 11 - sum(_org_value(ch) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    return {10: "X", 11: "0"}.get(c9, str(c9))


def uscc_check_char(first17: str) -> str:
    """The 18th character of a unified social credit code from its first 17 (GB 32100-2015 §5).

    >>> uscc_check_char("91350100M000100Y4")
    '3'
    """
    if len(first17) != 17:
        raise ValidationError(f"need the first 17 characters, got {len(first17)}", code="invalid_uscc")
    try:
        total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    except KeyError as exc:
        raise ValidationError(
            f"{exc.args[0]!r} is not a GB 32100-2015 code character (no I, O, Z, S, V; capitals only)",
            code="invalid_uscc",
        ) from None
    return USCC_CHARSET[(31 - total % 31) % 31]


def make_uscc(authority: str, entity_type: str, division: str, org_body: str) -> str:
    """Assemble a code: both check characters are computed.

    Parameters
    ----------
    authority, entity_type : str
        One character each (e.g. ``"9"``, ``"1"`` for an enterprise registered by market regulation).
    division : str
        Six-digit GB/T 2260 division code of the registering office.
    org_body : str
        Eight body characters of the organisation code (digits and capitals valid in both standards).

    >>> make_uscc("9", "1", "350100", "M000100Y")
    '91350100M000100Y43'
    """
    if len(division) != 6 or not division.isdigit():
        raise ValidationError(f"division must be 6 digits, got {division!r}", code="invalid_uscc")
    first17 = f"{authority}{entity_type}{division}{org_body}{org_code_check_char(org_body)}"
    return first17 + uscc_check_char(first17)


def uscc_problem(code: str, *, check_org_code: bool = True) -> str | None:
    """Why ``code`` is not a valid unified social credit code, or ``None`` when it is.

    ``check_org_code`` also checks the GB 11714 check character at position 17; every code issued since 2015 has
    one, but some older registrations reused organisation codes that do not, so a caller may switch it off.
    """
    if len(code) != 18:
        return f"must have 18 characters, has {len(code)}"
    bad = sorted({ch for ch in code if ch not in _USCC_VALUE})
    if bad:
        return f"characters not allowed by GB 32100-2015: {''.join(bad)}"
    if not code[2:8].isdigit():
        return "positions 3–8 must be the 6-digit administrative division code"
    if check_org_code and code[16] != org_code_check_char(code[8:16]):
        return f"organisation code check character should be {org_code_check_char(code[8:16])}, is {code[16]}"
    expected = uscc_check_char(code[:17])
    if code[17] != expected:
        return f"check character should be {expected}, is {code[17]}"
    return None


def is_valid_uscc(code: str, *, check_org_code: bool = True) -> bool:
    """True when ``code`` passes :func:`uscc_problem`."""
    return uscc_problem(code, check_org_code=check_org_code) is None


__all__ = [
    "ORG_CODE_WEIGHTS",
    "USCC_CHARSET",
    "USCC_WEIGHTS",
    "is_valid_uscc",
    "make_uscc",
    "org_code_check_char",
    "uscc_check_char",
    "uscc_problem",
]
