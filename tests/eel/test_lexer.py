import math

import pytest

from eel.errors import LexError
from eel.lexer import tokenize
from eel.source import single_line
from eel.tokens import TokenKind


def kinds(text: str) -> list[tuple[TokenKind, str]]:
    return [(t.kind, t.text) for t in tokenize(single_line(text), "t")][:-1]


@pytest.mark.parametrize(
    "text, value",
    [("1", 1.0), ("1.", 1.0), (".5", 0.5), (".", 0.0), ("007.50", 7.5), ("$pi", math.pi), ("$PI", math.pi),
     ("$e", 2.71828183), ("$phi", 1.61803399), ("$xff", 255.0), ("$X10", 16.0), ("$'A'", 65.0)],
)
def test_number_forms(text: str, value: float) -> None:
    (tok, end) = tokenize(single_line(text), "t")
    assert tok.kind is TokenKind.NUMBER and tok.value == pytest.approx(value)
    assert end.kind is TokenKind.END


def test_exponent_is_not_eel_syntax() -> None:
    # MilkDrop 2 reads 1e5 as the number 1 followed by the name e5
    assert kinds("1e5") == [(TokenKind.NUMBER, "1"), (TokenKind.NAME, "e5")]


def test_names_are_lower_cased_and_comments_skipped() -> None:
    assert kinds("Zoom /* c */ += // x\n Bass_Att") == [
        (TokenKind.NAME, "zoom"), (TokenKind.OP, "+="), (TokenKind.NAME, "bass_att")
    ]


def test_unterminated_block_comment_swallows_the_rest() -> None:
    assert kinds("x = 1 /* never closed ; y = 2") == [(TokenKind.NAME, "x"), (TokenKind.OP, "="), (TokenKind.NUMBER, "1")]


@pytest.mark.parametrize("text, col", [("x = 3 # 4", 7), ("  @", 3), ("a = $q", 5), ("x = \"s\"", 5)])
def test_bad_characters_name_their_column(text: str, col: int) -> None:
    with pytest.raises(LexError) as info:
        tokenize(single_line(text), "per_frame")
    assert info.value.span.block == "per_frame"
    assert info.value.span.col == col
    assert str(info.value).startswith(f"per_frame:1:{col}:")
