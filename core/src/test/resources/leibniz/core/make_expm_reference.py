# Writes expm_reference.txt: random float64 matrices A (n = 3, 5, 8; 1-norms from 0.005 to about 40) and
# e^A computed by mpmath at 40 significant digits, then rounded to float64. Run with any Python that has
# numpy and mpmath:
#   python make_expm_reference.py > expm_reference.txt
import mpmath
import numpy as np

mpmath.mp.dps = 40
rng = np.random.default_rng(18)
print("# n, then A row-major, then exp(A) row-major (mpmath, 40 digits, rounded to float64)")
for n in (3, 5, 8):
    for c in (0.01, 0.3, 1.0, 2.5, 6.0, 20.0):
        a = rng.standard_normal((n, n)) * c / np.sqrt(n)
        e = mpmath.expm(mpmath.matrix(a.tolist()))
        print(n)
        print(" ".join(repr(float(x)) for x in a.ravel()))
        print(" ".join(repr(float(e[i, j])) for i in range(n) for j in range(n)))
