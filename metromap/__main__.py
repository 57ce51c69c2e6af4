"""`python -m metromap ...`: see metromap/cli.py."""

import os
import sys

# The engine's matrices are small: BLAS threads would only add overhead (and contend with the
# process the engine forks for its second group of drawings). Set before NumPy loads.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

from metromap.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
