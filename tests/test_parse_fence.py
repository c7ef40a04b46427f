"""The closing front-matter fence is found with string searches; they must
agree with the definition, the multi-line regex ``^---[^\\S\\n]*$``."""

import random
import re

from pfocr_lint.parse import closing_fence, split_front_matter

FENCE = re.compile(r"^---[^\S\n]*$", re.M)
ALPHABET = ["-", "-", "-", "\n", "\n", " ", "\t", "\r", "a", "\u00a0", "\u2028", "\x0b", "é", "—"]


def test_closing_fence_agrees_with_the_regex_on_random_texts():
    rnd = random.Random(7)
    compared = 0
    for _ in range(60000):
        text = "".join(rnd.choice(ALPHABET) for _ in range(rnd.randint(0, 25)))
        start = rnd.randint(0, len(text))
        if start and text[start - 1] != "\n":
            continue  # the search always starts at a line start
        m = FENCE.search(text, start)
        assert closing_fence(text, start) == (m.start() if m else -1), (text, start)
        compared += 1
    assert compared > 10000


def test_split_front_matter_examples():
    assert split_front_matter("---\nfigid: x\n---  \nbody\n") == ("figid: x\n", 4, 13)
    # '----' and '--- x' are not fences; the real one follows
    text = "---\na: |\n  ----\n  --- x\n---\n"
    fm, start, end = split_front_matter(text)
    assert fm == "a: |\n  ----\n  --- x\n" and text[end:] == "---\n"
    assert closing_fence("---\na: 1\n----\n--- \t\n", 4) == 14
