"""Did you mean...? Words one or two typing slips apart."""

from __future__ import annotations


def edits_apart(first: str, second: str) -> int:
    """How many letters to add, delete, change or swap with the next to go from one to the other."""
    previous, current = None, list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        before, previous, current = previous, current, [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if before and i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], before[j - 2] + 1)  # two letters swapped
    return current[-1]


def nearest(word: str, choices: list[str], most: int = 2) -> str | None:
    """The choice at most `most` slips from `word`, and fewer than half its length (so a
    short word is not "meant" to be any other); the closest, the first listed on a tie."""
    close = [(distance, choice) for choice in choices
             if 0 < (distance := edits_apart(word, choice)) <= min(most, len(choice) // 2)]
    return min(close, key=lambda pair: pair[0])[1] if close else None
