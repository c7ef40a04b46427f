"""rules/_util.remember: the bounded per-process memo every rule family uses."""

from pfocr_lint.rules._util import remember, yaml_scalar


def test_remember_returns_the_value_and_stays_bounded():
    memo: dict = {}
    for i in range(25):
        assert remember(memo, i, i * i, limit=10) == i * i
        assert len(memo) <= 11        # emptied once past the limit
        assert memo[i] == i * i       # the newest entry is always kept
    assert len(memo) < 25


def test_memoised_yaml_scalar_answers_as_before():
    for text in ("TP53", "yes", "1.5", "it's", "A B", "TP53"):
        first, again = yaml_scalar(text), yaml_scalar(text)
        assert first == again
    assert yaml_scalar("TP53") == "TP53" and yaml_scalar("yes") == "'yes'" and yaml_scalar("it's") == "'it''s'"
