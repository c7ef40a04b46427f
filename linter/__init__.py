"""pfocr-lint: validation and curation linter for PFOCR figure records.

Data flows one way: discover files -> parse -> check -> collect findings -> report.
"""

__version__ = "0.1.0"
