"""What an import did, per kind of row: counts of each outcome, each with its reasons."""

from collections import Counter, defaultdict

OUTCOMES = ["imported", "updated", "unchanged", "skipped", "refused"]


class Report:
    def __init__(self):
        self.counts = defaultdict(Counter)  # kind → outcome → number
        self.reasons = defaultdict(Counter)  # kind → (outcome, reason) → number
        self.listed = defaultdict(list)  # heading → lines someone should look at

    def count(self, kind, outcome, reason="", number=1):
        self.counts[kind][outcome] += number
        if reason:
            self.reasons[kind][outcome, reason] += number

    def list(self, heading, line):
        self.listed[heading].append(line)

    def total(self, kind, outcome):
        return self.counts[kind][outcome]

    def lines(self):
        lines = []
        for kind, counts in self.counts.items():
            summary = ", ".join(f"{counts[o]} {o}" for o in OUTCOMES if counts[o])
            lines.append(f"{kind}: {summary or 'none'}")
            for (outcome, reason), number in sorted(self.reasons[kind].items()):
                lines.append(f"    {outcome}: {reason} ({number})")
        for heading, entries in self.listed.items():
            lines.append(f"{heading}:")
            lines.extend(f"    {entry}" for entry in entries)
        return lines
