"""goldlabel: a data annotation platform that trains its annotators and proves the quality of its labels."""

__version__ = "0.1.0"
