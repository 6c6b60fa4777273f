"""staircase's seeded random streams (harness/util/prng.ts), bit for bit: sfc32 seeded through
splitmix32. With the request's stream seeds this draws the same initial weights, training batches
and evaluation problems as staircase's own trainer (Box-Muller's log/sin/cos come from C's libm
here and V8's fdlibm port there: a last-bit difference in a float64 normal is possible, and almost
always gone after rounding to float32)."""
import math

M32 = 0xFFFFFFFF


def _imul(a, b):
    return (a * b) & M32


def _splitmix32(state):
    s = state & M32

    def nxt():
        nonlocal s
        s = (s + 0x9E3779B9) & M32
        z = s
        z = _imul(z ^ (z >> 16), 0x85EBCA6B)
        z = _imul(z ^ (z >> 13), 0xC2B2AE35)
        return (z ^ (z >> 16)) & M32

    return nxt


def hash_string(text):
    h = 0x811C9DC5
    for ch in text:
        h ^= ord(ch)
        h = _imul(h, 0x01000193)
    return h


def stream_seed(run_seed, name):
    """streamSeed(runSeed, name): the seed of a named stream (the request carries these already)."""
    return _splitmix32((hash_string(name) ^ _imul(run_seed & M32, 0x9E3779B1)) & M32)()


class Rng:
    """harness/util/prng.ts's Rng."""

    def __init__(self, seed):
        nxt = _splitmix32(seed)
        self.a, self.b, self.c, self.d = nxt(), nxt(), nxt(), nxt()
        self.spare = None
        for _ in range(12):
            self.next_uint32()

    def next_uint32(self):
        a, b, c, d = self.a, self.b, self.c, self.d
        t = (a + b + d) & M32
        self.d = (d + 1) & M32
        self.a = b ^ (b >> 9)
        self.b = (c + (c << 3)) & M32
        c = ((c << 21) | (c >> 11)) & M32
        self.c = (c + t) & M32
        return t

    def next(self):
        """Uniform in [0, 1)."""
        return self.next_uint32() / 4294967296

    def int(self, n):
        """Uniform integer in [0, n)."""
        return math.floor(self.next() * n)

    def weighted(self, weights):
        total = 0
        for w in weights:
            total += w
        r = self.next() * total
        for i, w in enumerate(weights):
            r -= w
            if r < 0:
                return i
        return len(weights) - 1

    def normal(self):
        """Standard normal (Box-Muller, both values used)."""
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        u = 0.0
        while u == 0:
            u = self.next()
        v = self.next()
        r = math.sqrt(-2 * math.log(u))
        self.spare = r * math.sin(2 * math.pi * v)
        return r * math.cos(2 * math.pi * v)
