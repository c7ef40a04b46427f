import sys

from pfocr_lint.cli import main

sys.exit(main())
