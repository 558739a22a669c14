"""From disagreement to guidelines (issue 11, point 6): rank the label pairs annotators confuse
(``cases``), turn a case into a question or a guideline example in one step (``actions``), and
measure whether agreement on the affected labels rose after a guideline version (``impact``).
The math is the quality engine's (``quality.disagreement``, ``quality.agreement.specific``)."""
