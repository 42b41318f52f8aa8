#!/usr/bin/env python3
"""Reference data for the StableLoss accuracy tests.

Run from anywhere:  python3 tests/StableLoss.Tests/Data/generate_reference.py
Requires python3 + mpmath. Deterministic (fixed seed); the output files are committed so the tests never need Python.

Conventions (all files are CSV, lines starting with '#' are comments, the first non-comment line is a header):
  * Inputs and expected values are IEEE-754 bit patterns in hexadecimal: 16 digits for binary64 ("double" files),
    8 digits for binary32 ("single" files). A trailing column may repeat values in decimal for humans only.
  * Every input is an exact value of the target format (float inputs are rounded to binary32 first) and the reference
    is the exact function of that exact input, evaluated with mpmath at >= 60 significant digits and then correctly
    rounded (round-half-even, subnormals included) once, directly to the target format (never via double for float).
  * Every reference is evaluated at two working precisions (60 digits and 120+ digits; more when they disagree) and
    must round to the same value, which guards against cancellation inside the high-precision evaluation itself.
  * Columns named S / A (log-sum-exp and softmax cross-entropy) and K (focal loss) are tolerance inputs, written in
    decimal; their meaning is documented where they are computed and in the C# tests.
"""

import math
import os
import random
import struct
from fractions import Fraction

import mpmath
from mpmath import mp, mpf

SEED = 20240611
OUT = os.path.dirname(os.path.abspath(__file__))

FORMATS = {
    # name: (precision bits incl. hidden bit, minimum normal exponent, maximum exponent, hex digits)
    "double": (53, -1022, 1023, 16),
    "single": (24, -126, 127, 8),
}


# --------------------------------------------------------------------------------------------------------------
# exact rounding and bit patterns
# --------------------------------------------------------------------------------------------------------------

def to_fraction(v):
    """Exact rational value of an mpf (or int/float/Fraction)."""
    if isinstance(v, Fraction):
        return v
    if isinstance(v, (int, float)):
        return Fraction(v)
    v = mpf(v)
    if not mpmath.isfinite(v):
        raise ValueError("non-finite reference value %r" % (v,))
    if v == 0:
        return Fraction(0)
    sign, man, exp, _ = v._mpf_  # exact: (-1)^sign * man * 2^exp
    man = -int(man) if sign else int(man)
    exp = int(exp)
    return Fraction(man * 2 ** exp) if exp >= 0 else Fraction(man, 2 ** (-exp))


def round_to(v, fmt):
    """Correctly rounded (half-even) value of v in format fmt, as a Python float (exact for both formats).
    Returns +-inf on overflow. Subnormals are handled explicitly."""
    p, emin, emax, _ = FORMATS[fmt]
    q = to_fraction(v)
    if q == 0:
        return 0.0
    sign = -1 if q < 0 else 1
    q = abs(q)
    # exponent e with 2^e <= q < 2^(e+1)
    e = q.numerator.bit_length() - q.denominator.bit_length()
    if Fraction(2) ** e > q:
        e -= 1
    elif Fraction(2) ** (e + 1) <= q:
        e += 1
    e = max(e, emin)
    quantum = Fraction(2) ** (e - (p - 1))
    scaled = q / quantum
    n = scaled.numerator // scaled.denominator
    rem = scaled - n
    if rem > Fraction(1, 2) or (rem == Fraction(1, 2) and n % 2 == 1):
        n += 1
    r = n * quantum
    max_finite = (2 - Fraction(2) ** (1 - p)) * Fraction(2) ** emax
    if r > max_finite:
        return sign * math.inf
    return sign * float(r)  # exact: r has <= 53 significant bits and is in double range


def bits(x, fmt):
    """Hex bit pattern of the (already representable) value x."""
    if fmt == "double":
        return "%016x" % struct.unpack("<Q", struct.pack("<d", x))[0]
    return "%08x" % struct.unpack("<I", struct.pack("<f", x))[0]


def rep(x, fmt):
    """Exact value of a format: rounds a Python number/mpf to fmt (used for inputs)."""
    r = round_to(x, fmt)
    if fmt == "single":
        assert struct.unpack("<f", struct.pack("<f", r))[0] == r
    return r


def ref(fn, fmt):
    """Evaluate fn() (a closure using mpmath at the current precision) at increasing precision until two successive
    evaluations round to the same value of fmt; return that rounded value."""
    prev = None
    for dps in (60, 120, 240, 480, 960, 1920):
        with mp.workdps(dps):
            val = round_to(fn(), fmt)
        if prev is not None and (val == prev or (math.isnan(val) and math.isnan(prev))):
            return val
        prev = val
    raise RuntimeError("reference did not converge")


def hi(fn):
    """High-precision value (mpf at 60 digits) for tolerance columns (they do not need to be exact)."""
    with mp.workdps(60):
        return fn()


def dec(x):
    return repr(float(x))


# --------------------------------------------------------------------------------------------------------------
# exact mathematical definitions (arguments are exact mpf values)
# --------------------------------------------------------------------------------------------------------------

def softplus(x):
    x = mpf(x)
    return mp.log1p(mp.exp(x))


def sigmoid(x):
    x = mpf(x)
    return 1 / (1 + mp.exp(-x))


def log_sigmoid(x):
    return -softplus(-mpf(x))


def bce_logits(x, y, pw=1, w=1):
    x, y, pw, w = mpf(x), mpf(y), mpf(pw), mpf(w)
    return w * (pw * y * softplus(-x) + (1 - y) * softplus(x))


def bce_grad(x, y, pw=1, w=1):
    x, y, pw, w = mpf(x), mpf(y), mpf(pw), mpf(w)
    return w * ((1 - y) * sigmoid(x) - pw * y * sigmoid(-x))


def bce_prob(p, y, eps, fmt):
    # clamp p to [eps, 1 - eps] where 1 - eps is evaluated in the target format (that is what the library can
    # represent; the whole point of the default eps is that this value is != 1).
    hi_clamp = round_to(1 - to_fraction(eps), fmt)
    pc = min(max(to_fraction(p), to_fraction(eps)), to_fraction(hi_clamp))
    pc = mpf(pc.numerator) / pc.denominator
    y = mpf(y)
    # 1 - pc is exact in mpmath; log(1 - pc) is written as log1p(-pc) for accuracy of the reference itself
    return -(y * mp.log(pc) + (1 - y) * mp.log1p(-pc))


def focal(x, y, alpha, gamma):
    x, y, alpha, gamma = mpf(x), mpf(y), mpf(alpha), mpf(gamma)
    p = sigmoid(x)
    ce = y * softplus(-x) + (1 - y) * softplus(x)
    one_minus_pt = p * (1 - y) + sigmoid(-x) * y          # == 1 - (p*y + (1-p)*(1-y)), without cancellation
    alpha_t = alpha * y + (1 - alpha) * (1 - y)
    mod = mpf(1) if gamma == 0 else one_minus_pt ** gamma
    return alpha_t * mod * ce


def lse_parts(xs):
    xs = [mpf(v) for v in xs]
    m = max(xs)
    s = mp.fsum(mp.exp(v - m) for v in xs)
    return xs, m, s


def log_s(xs):
    """log(sum_j exp(x_j - max)) = log1p(sum over all but one maximal element). Written with log1p because
    s = 1 + r with r far below 10^-dps (e.g. x = [35, 486]: r = e^-451) would make log(s) exactly 0 at any
    fixed working precision, and the two-precision check in ref() cannot detect an error that both share."""
    xs = [mpf(v) for v in xs]
    m = max(xs)
    i = xs.index(m)
    rest = mp.fsum(mp.exp(v - m) for j, v in enumerate(xs) if j != i)
    return xs, m, mp.log1p(rest)


def lse(xs):
    _, m, ls = log_s(xs)
    return m + ls


def ce_weighted(xs, ws):
    """sum_j w_j * (-log softmax_j(x)) evaluated without cancellation: -log softmax_j = (m - x_j) + log s."""
    xs, m, ls = log_s(xs)
    return mp.fsum(mpf(w) * ((m - x) + ls) for x, w in zip(xs, ws))


# --------------------------------------------------------------------------------------------------------------
# inputs
# --------------------------------------------------------------------------------------------------------------

def logits(rng, fmt, count):
    """Random logits in +-1e4 with log-uniform magnitudes, plus the special values of the brief."""
    if fmt == "double":
        special = [0.0, 1e-300, -1e-300, 5e-324, -5e-324, 20.0, -20.0, 36.7, -36.7, 88.7, -88.7, 709.8, -709.8,
                   745.0, -745.0, 1e4, -1e4, 1.0, -1.0, 1e-8, -1e-8, 0.5, -0.5, 37.0, -37.0, 40.0, -40.0]
    else:
        special = [0.0, 1e-38, -1e-38, 1e-45, -1e-45, 20.0, -20.0, 36.7, -36.7, 88.7, -88.7, 103.0, -103.0,
                   16.6, -16.6, 17.0, -17.0, 1e4, -1e4, 1.0, -1.0, 1e-8, -1e-8, 0.5, -0.5, 104.0, -104.0]
    out = [rep(v, fmt) for v in special]
    for _ in range(count):
        mag = 10 ** rng.uniform(-8, 4)
        out.append(rep(mag if rng.random() < 0.5 else -mag, fmt))
    # dense coverage of the region where the branches of typical implementations switch (|x| < 50)
    for _ in range(count // 3):
        out.append(rep(rng.uniform(-50, 50), fmt))
    return out


def targets_fractional(fmt):
    return [rep(v, fmt) for v in (0.25, 0.5, 0.1, 0.9, 0.7)]


# --------------------------------------------------------------------------------------------------------------
# writers
# --------------------------------------------------------------------------------------------------------------

def write(name, header_comment, header, rows):
    path = os.path.join(OUT, name)
    with open(path, "w", newline="\n") as f:
        for line in header_comment.strip("\n").split("\n"):
            f.write("# " + line + "\n")
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(r) + "\n")
    print("%-28s %6d rows %9d bytes" % (name, len(rows), os.path.getsize(path)))


def gen_unary(rng, fmt):
    rows = []
    xs = logits(rng, fmt, 300)
    for name, fn in (("softplus", softplus), ("logsigmoid", log_sigmoid), ("sigmoid", sigmoid)):
        for x in xs:
            e = ref(lambda: fn(mpf(x)), fmt)
            rows.append([name, bits(x, fmt), bits(e, fmt), dec(x), dec(e)])
    if fmt == "double":
        special = [1e-20, 1e-300, 5e-324, -1e-20, -0.5, 0.5, 1.0, 1e300, 1.7976931348623157e308, -0.9999999999999999,
                   -0.9, 1e-8, -1e-8, 1e-16, 2.220446049250313e-16, 1e10, 0.0]
    else:
        special = [1e-20, 1e-38, 1e-45, -1e-20, -0.5, 0.5, 1.0, 1e30, 3.4028234663852886e38, -0.99999994,
                   -0.9, 1e-8, -1e-8, 1e-7, 5.96e-8, 1e10, 0.0]
    ls = [rep(v, fmt) for v in special]
    for _ in range(250):
        ls.append(rep(10 ** rng.uniform(-25, 30), fmt))        # positive, log-uniform
    for _ in range(100):
        ls.append(rep(-(10 ** rng.uniform(-25, 0)) * 0.999, fmt))  # in (-1, 0)
    for _ in range(50):
        ls.append(rep(rng.uniform(-0.9, 2), fmt))
    for x in ls:
        e = ref(lambda: mp.log1p(mpf(x)), fmt)
        rows.append(["log1p", bits(x, fmt), bits(e, fmt), dec(x), dec(e)])
    write("unary_%s.csv" % fmt,
          "StableMath.Softplus / LogSigmoid / Sigmoid / Log1p, %s. x and expected are bit patterns." % fmt,
          "function,x,expected,x_decimal,expected_decimal", rows)


def gen_bce(rng, fmt):
    """Groups (one posWeight per group, span APIs take a scalar posWeight):
       0: posWeight 1, weight 1, y in {0,1}          1: posWeight 1, weight 1, fractional y
       2: posWeight 2.5, weight 1, all y              3: posWeight 0.1 (rounded to fmt), weight 1, all y
       4: posWeight 1, random sample weights in [0,3] incl. 0   5: posWeight 7, random sample weights"""
    xs = logits(rng, fmt, 200)
    rows = []
    sums = []
    groups = {}
    fr = targets_fractional(fmt)

    def add(g, x, y, pw, w):
        loss = ref(lambda: bce_logits(x, y, pw, w), fmt)
        grad = ref(lambda: bce_grad(x, y, pw, w), fmt) if y in (0.0, 1.0) else None
        rows.append([str(g), bits(x, fmt), bits(y, fmt), bits(pw, fmt), bits(w, fmt), bits(loss, fmt),
                     bits(grad, fmt) if grad is not None else "", dec(x), dec(y), dec(loss)])
        groups.setdefault(g, []).append((x, y, pw, w))

    for x in xs:
        for y in (0.0, 1.0):
            add(0, x, y, 1.0, 1.0)
    for x in xs:
        add(1, x, rng.choice(fr), 1.0, 1.0)
    for g, pw in ((2, rep(2.5, fmt)), (3, rep(0.1, fmt))):
        for x in xs[::2]:
            add(g, x, rng.choice([0.0, 1.0, 0.0, 1.0] + fr), pw, 1.0)
    for g, pw in ((4, 1.0), (5, 7.0)):
        for i, x in enumerate(xs[1::2]):
            w = 0.0 if i % 17 == 0 else rep(rng.uniform(0, 3), fmt)
            add(g, x, rng.choice([0.0, 1.0] + fr), pw, w)
    write("bce_logits_%s.csv" % fmt,
          "Loss.BinaryCrossEntropyWithLogits and its gradient, %s.\n"
          "loss = w*(posWeight*y*softplus(-x) + (1-y)*softplus(x)); grad = w*((1-y)*sigmoid(x) - posWeight*y*sigmoid(-x))\n"
          "grad is only given for y in {0,1}. All rows of a group share posWeight." % fmt,
          "group,x,y,posWeight,weight,loss,grad,x_decimal,y_decimal,loss_decimal", rows)
    for g, items in sorted(groups.items()):
        exact = lambda: mp.fsum(bce_logits(*it) for it in items)
        total = ref(exact, fmt)
        mean = ref(lambda: exact() / len(items), fmt)
        sums.append(["bce_logits", str(g), str(len(items)), bits(total, fmt), bits(mean, fmt)])
    return sums


def gen_bce_prob(rng, fmt):
    eps = rep(1e-12 if fmt == "double" else 1e-7, fmt)
    ps = [0.0, 1.0, 0.5, eps, rep(eps / 2, fmt), rep(1 - eps, fmt), rep(1 - 1e-3, fmt), rep(1e-3, fmt)]
    if fmt == "double":
        ps += [1e-300, 5e-324, 0.9999999999999999, 1e-10, 1 - 1e-10]
    else:
        ps += [1e-38, 1e-45, rep(0.99999994, fmt), 1e-6, rep(1 - 1e-6, fmt)]
    for _ in range(150):
        ps.append(rep(10 ** rng.uniform(-15, 0), fmt))
    for _ in range(100):
        ps.append(rep(1 - 10 ** rng.uniform(-15, 0), fmt))
    fr = targets_fractional(fmt)
    rows, items = [], []
    for p in ps:
        for y in (0.0, 1.0, rng.choice(fr)):
            e = ref(lambda: bce_prob(p, y, eps, fmt), fmt)
            rows.append([bits(p, fmt), bits(y, fmt), bits(e, fmt), dec(p), dec(y), dec(e)])
            items.append((p, y))
    write("bce_prob_%s.csv" % fmt,
          "Loss.BinaryCrossEntropy on probabilities with the default epsilon (%r), %s.\n"
          "loss = -(y*log(pc) + (1-y)*log(1-pc)), pc = clamp(p, eps, fl(1-eps)) where fl(1-eps) is 1-eps rounded to %s."
          % (eps, fmt, fmt),
          "p,y,expected,p_decimal,y_decimal,expected_decimal", rows)
    exact = lambda: mp.fsum(bce_prob(p, y, eps, fmt) for p, y in items)
    return [["bce_prob", "0", str(len(items)), bits(ref(exact, fmt), fmt),
             bits(ref(lambda: exact() / len(items), fmt), fmt)]]


def gen_focal(rng, fmt):
    """K = relative condition number of the loss with respect to x, |x * f'(x) / f(x)| (decimal, 0 when f == 0).
    The spec mandates evaluation in log space (exp of gamma*log(1-p_t) + log ce); such an evaluation has an absolute
    error of a few ulps of the exponent, i.e. a relative error ~ K ulps, so the tests scale the tolerance by K."""
    xs = logits(rng, fmt, 90)
    params = [(0.25, 2.0), (0.5, 0.0), (0.75, 0.5), (0.25, 5.0)]
    fr = targets_fractional(fmt)
    rows, sums = [], []
    for g, (a, gm) in enumerate(params):
        a, gm = rep(a, fmt), rep(gm, fmt)
        items = []
        for x in xs:
            for y in (0.0, 1.0, rng.choice(fr)):
                e = ref(lambda: focal(x, y, a, gm), fmt)

                def kappa():
                    f = focal(x, y, a, gm)
                    if f == 0 or x == 0:
                        return mpf(0)
                    d = mp.diff(lambda t: focal(t, y, a, gm), mpf(x))
                    return abs(mpf(x) * d / f)
                with mp.workdps(80):
                    k = kappa()
                rows.append([str(g), bits(x, fmt), bits(y, fmt), bits(a, fmt), bits(gm, fmt), bits(e, fmt),
                             "%.3g" % float(k), dec(x), dec(y), dec(e)])
                items.append((x, y))
        exact = lambda: mp.fsum(focal(x, y, a, gm) for x, y in items)
        sums.append(["focal", str(g), str(len(items)), bits(ref(exact, fmt), fmt),
                     bits(ref(lambda: exact() / len(items), fmt), fmt)])
    write("focal_%s.csv" % fmt,
          "Loss.FocalLossWithLogits, %s. loss = alpha_t*(1-p_t)^gamma*ce (torchvision sigmoid_focal_loss semantics).\n"
          "K = |x f'(x)/f(x)| (relative condition number w.r.t. x, decimal). All rows of a group share alpha and gamma."
          % fmt,
          "group,x,y,alpha,gamma,expected,K,x_decimal,y_decimal,expected_decimal", rows)
    return sums


def vector(rng, fmt, n, kind):
    if kind == "normal":
        v = [rng.gauss(0, 1) for _ in range(n)]
    elif kind == "wide":
        v = [rng.uniform(-30, 30) for _ in range(n)]
    elif kind == "loguniform":
        v = [(10 ** rng.uniform(-3, 4)) * rng.choice((-1, 1)) for _ in range(n)]
    elif kind == "edge":  # near the exp overflow / underflow thresholds of the format
        top = 709.0 if fmt == "double" else 88.0
        v = [top + rng.uniform(-5, 1) if rng.random() < 0.5 else -rng.uniform(top, top + 40) for _ in range(n)]
    elif kind == "offset":  # large common offset: tests the max shift
        off = 1e4 if fmt == "double" else 1e3
        v = [off + rng.gauss(0, 3) for _ in range(n)]
    elif kind == "constant":
        c = rng.uniform(-50, 50)
        v = [c] * n
    else:
        raise ValueError(kind)
    return [rep(t, fmt) for t in v]


def condition_terms(xs, ws):
    """Tolerance inputs for sum_j w_j * (LSE(x) - x_j) (ws=None means plain LSE), evaluated by the max-shifted algorithm
    (m = max x, d_j = x_j - m, s = sum exp(d_j)):
      S = sum_j |dF/dx_j| * |x_j|  (the relative condition number times |F|: the error an exact algorithm
          would have from a relative perturbation of one unit roundoff of every input)
      A = sum_j p_j |d_j| + W |log s| + K * sum_j |w_j| (|d_j| + |log s|) + 1
          (absolute errors of the max-shifted algorithm: rounding of d_j propagated through exp, rounding of log s,
          and the K-term weighted summation; the error of summing s, ~n unit roundoffs, is added by the test)"""
    with mp.workdps(60):
        xs_, m, s = lse_parts(xs)
        ls = mp.log(s)
        p = [mp.exp(x - m) / s for x in xs_]
        d = [x - m for x in xs_]
        if ws is None:
            S = mp.fsum(pj * abs(x) for pj, x in zip(p, xs_))
            A = mp.fsum(pj * abs(dj) for pj, dj in zip(p, d)) + abs(ls) + 1
        else:
            ws = [mpf(w) for w in ws]
            W = mp.fsum(ws)
            S = mp.fsum(abs(W * pj - wj) * abs(x) for pj, wj, x in zip(p, ws, xs_))
            A = (mp.fsum(pj * abs(dj) for pj, dj in zip(p, d)) + abs(W) * abs(ls)
                 + len(xs_) * mp.fsum(abs(wj) * (abs(dj) + abs(ls)) for wj, dj in zip(ws, d)) + 1)
        return "%.4g" % float(S), "%.4g" % float(A)


def gen_lse(rng, fmt):
    rows = []
    for n in (1, 3, 7, 8, 15, 16, 17, 33, 100, 1000):
        for kind in ("normal", "wide", "loguniform", "edge", "offset", "constant"):
            xs = vector(rng, fmt, n, kind)
            e = ref(lambda: lse(xs), fmt)
            S, A = condition_terms(xs, None)
            rows.append([kind, str(n), bits(e, fmt), S, A] + [bits(x, fmt) for x in xs])
    write("lse_%s.csv" % fmt,
          "StableMath.LogSumExp, %s. Columns: kind, n, expected, S, A, then the n inputs.\n"
          "S = sum_j softmax_j*|x_j| (condition), A = absolute-error allowance of the max-shifted algorithm in unit\n"
          "roundoffs (see condition_terms in generate_reference.py)." % fmt,
          "kind,n,expected,S,A,x...", rows)


def gen_softmax_ce(rng, fmt):
    rows = []
    smooth_val = rep(0.1, fmt)
    for n in (1, 2, 3, 7, 8, 10, 17, 33, 100):
        for kind in ("normal", "wide", "loguniform", "edge", "offset", "constant"):
            xs = vector(rng, fmt, n, kind)
            argmax = max(range(n), key=lambda i: xs[i])
            argmin = min(range(n), key=lambda i: xs[i])
            for t in sorted({argmax, argmin, rng.randrange(n)}):
                for smooth in (0.0, smooth_val):
                    ws = [mpf(smooth) / n + (1 - mpf(smooth) if j == t else 0) for j in range(n)]
                    e = ref(lambda: ce_weighted(xs, ws), fmt)
                    S, A = condition_terms(xs, ws)
                    rows.append(["class", kind, str(n), str(t), bits(smooth, fmt), bits(e, fmt), S, A]
                                + [bits(x, fmt) for x in xs])
            # distribution target: random, normalized, rounded to fmt (the reference uses the rounded values)
            raw = [rng.random() ** 3 for _ in range(n)]
            tot = sum(raw)
            q = [rep(r / tot, fmt) for r in raw]
            e = ref(lambda: ce_weighted(xs, q), fmt)
            S, A = condition_terms(xs, q)
            rows.append(["dist", kind, str(n), "", "", bits(e, fmt), S, A] + [bits(x, fmt) for x in xs]
                        + [bits(v, fmt) for v in q])
    write("softmax_ce_%s.csv" % fmt,
          "Loss.SoftmaxCrossEntropy (single row), %s.\n"
          "class rows: class,kind,n,targetClass,labelSmoothing,expected,S,A, then n logits (PyTorch semantics:\n"
          "  loss = (1-ls)*(-log p_t) + ls/n * sum_j (-log p_j)).\n"
          "dist rows:  dist,kind,n,,,expected,S,A, then n logits, then n target probabilities (loss = -sum_j q_j log p_j).\n"
          "S, A: see condition_terms in generate_reference.py (weights w = smoothed one-hot or q)." % fmt,
          "type,kind,n,target,labelSmoothing,expected,S,A,values...", rows)


def gen_softmax_batch(rng, fmt):
    """Batches: B line = B,id,rows,classes,labelSmoothing,ignoreIndex,nonIgnored,sum,mean,Atotal
       then `rows` R lines = R,target,logits... . Atotal = sum over non-ignored rows of (S + A + classes), the absolute
       error allowance in unit roundoffs."""
    lines = []
    specs = [(5, 3, 0.0, -100, {1, 3}), (37, 10, 0.1, -100, {0, 5, 6, 30}), (64, 17, 0.0, 7, set()),
             (9, 4, 0.0, -1, {2}), (3, 5, 0.0, -100, {0, 1, 2}), (128, 8, 0.1, -100, set())]
    for bid, (rows_n, k, smooth, ignore, ignored) in enumerate(specs):
        smooth = rep(smooth, fmt)
        batch = []
        for r in range(rows_n):
            xs = vector(rng, fmt, k, rng.choice(("normal", "wide", "edge", "offset")))
            if r in ignored:
                t = ignore
            else:
                t = rng.randrange(k)
                if t == ignore:
                    t = (t + 1) % k
            batch.append((t, xs))
        live = [(t, xs) for t, xs in batch if t != ignore]

        def weights(t):
            return [mpf(smooth) / k + (1 - mpf(smooth) if j == t else 0) for j in range(k)]

        exact = lambda: mp.fsum(ce_weighted(xs, weights(t)) for t, xs in live)
        total = ref(exact, fmt) if live else 0.0
        mean = ref(lambda: exact() / len(live), fmt) if live else math.nan
        atot = 0.0
        for t, xs in live:
            S, A = condition_terms(xs, weights(t))
            atot += float(S) + float(A) + k
        lines.append(["B", str(bid), str(rows_n), str(k), bits(smooth, fmt), str(ignore), str(len(live)),
                      bits(total, fmt), bits(mean, fmt) if live else "nan", "%.4g" % atot])
        for t, xs in batch:
            lines.append(["R", str(t)] + [bits(x, fmt) for x in xs])
    write("softmax_batch_%s.csv" % fmt,
          "Loss.SoftmaxCrossEntropy batch form, %s.\n"
          "B,id,rows,classes,labelSmoothing,ignoreIndex,nonIgnored,sum,mean,Atotal  followed by `rows` lines\n"
          "R,target,logits...  (sum/mean: exact over non-ignored rows; mean is 'nan' when every row is ignored)" % fmt,
          "record,fields...", lines)


def main():
    mp.dps = 60
    for fmt in ("double", "single"):
        rng = random.Random("%d-%s" % (SEED, fmt))
        gen_unary(rng, fmt)
        sums = gen_bce(rng, fmt)
        sums += gen_bce_prob(rng, fmt)
        sums += gen_focal(rng, fmt)
        gen_lse(rng, fmt)
        gen_softmax_ce(rng, fmt)
        gen_softmax_batch(rng, fmt)
        write("reductions_%s.csv" % fmt,
              "Exact sums and means over all rows of one group of bce_logits_/bce_prob_/focal_%s.csv\n"
              "(bce_logits: sum of weighted losses, mean = sum / count, like PyTorch)." % fmt,
              "function,group,count,sum,mean", sums)


if __name__ == "__main__":
    main()
