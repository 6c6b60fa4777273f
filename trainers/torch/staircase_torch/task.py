"""The tasks of harness/task/: the groups, tokens and batch layout, the held-out set (held-out.ts,
hash for hash), the evaluation set (sampler.ts's makeEvalSet) and the training sampler
(TrainingSampler), drawing from staircase's own streams (prng.py)."""
import torch

from .prng import M32, Rng


def _d3_product(x, y):
    a, f, b, g = x % 3, 1 if x >= 3 else 0, y % 3, 1 if y >= 3 else 0
    k = ((a + (-b if f else b)) % 3 + 3) % 3
    return k + 3 * (f ^ g)


class Group:
    def __init__(self, gid, names, table):
        self.id, self.names, self.table, self.n = gid, names, table, len(names)


D3 = Group("d3", ["r0", "r1", "r2", "s0", "s1", "s2"], [[_d3_product(x, y) for y in range(6)] for x in range(6)])
Z2 = Group("z2", ["+", "-"], [[0, 1], [1, 0]])
GROUPS = {"d3": D3, "binary": Z2}


class Vocab:
    def __init__(self, group):
        n = group.n
        self.size, self.start, self.op, self.predict, self.pad = n + 4, n, n + 1, n + 2, n + 3


def input_length(K):
    """Positions the model reads: 2K+3."""
    return 2 * K + 3


def predict_position(k):
    """Input position of <predict> (t_k) for length k: 2k+2."""
    return 2 * k + 2


def answer_of(group, e0, gs):
    t = e0
    for g in gs:
        t = group.table[t][g]
    return t


def encode(vocab, K, e0, gs, answer):
    """<start> e0 <op> g1 ... <op> gk <predict> answer, right-padded with <pad> to 2K+4 tokens."""
    tokens = [vocab.start, e0]
    for g in gs:
        tokens += [vocab.op, g]
    tokens += [vocab.predict, answer]
    tokens += [vocab.pad] * (2 * K + 4 - len(tokens))
    return tokens


class Batch:
    """inputs/targets [B, T] (long), ks and answers [B]."""

    def __init__(self, group, K, problems):
        vocab = Vocab(group)
        rows = [encode(vocab, K, e0, gs, answer_of(group, e0, gs)) for e0, gs in problems]
        seq = torch.tensor(rows, dtype=torch.long).view(len(problems), 2 * K + 4)
        self.size, self.T = len(problems), 2 * K + 3
        self.inputs, self.targets = seq[:, :-1].contiguous(), seq[:, 1:].contiguous()
        self.ks = torch.tensor([len(gs) for _, gs in problems], dtype=torch.long)
        self.answers = torch.tensor([answer_of(group, e0, gs) for e0, gs in problems], dtype=torch.long)


# ---- the held-out set (harness/task/held-out.ts) ----
COUNT_LIMIT = 2**22
FNV_OFFSET, FNV_PRIME = 0x811C9DC5, 0x01000193


def _fmix32(h):
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & M32
    h ^= h >> 16
    return h


def _fnv(h, text):
    for ch in text:
        h = ((h ^ ord(ch)) * FNV_PRIME) & M32
    return h


def key_of(e0, gs):
    return f"{e0}:{','.join(str(g) for g in gs)}"


def held_out_hash(seed, key):
    """heldOutHash: fmix32(FNV-1a(key) from offset basis 2166136261 XOR seed)."""
    return _fmix32(_fnv((FNV_OFFSET ^ seed) & M32, key))


def _mul32(h, c):
    """(h * c) mod 2^32 for an int64 tensor h < 2^32 and a constant c < 2^32, without int64 overflow."""
    return (h * (c & 0xFFFF) + (((h * (c >> 16)) & 0xFFFF) << 16)) & M32


def _hash_all(n, k, seed):
    """The hash of every problem of length k, in lexicographic order of (e0, g1..gk): int64 [n^(k+1)]."""
    idx = torch.arange(n ** (k + 1), dtype=torch.int64)
    digits = [(idx // n ** (k - j)) % n for j in range(k + 1)]  # e0, g1..gk
    h = torch.full_like(idx, (FNV_OFFSET ^ seed) & M32)
    for j, dgt in enumerate(digits):
        if j > 0:
            h = ((h ^ ord(":" if j == 1 else ",")) * FNV_PRIME) & M32
        h = ((h ^ (dgt + ord("0"))) * FNV_PRIME) & M32
    h = h ^ (h >> 16)
    h = _mul32(h, 0x85EBCA6B)
    h = h ^ (h >> 13)
    h = _mul32(h, 0xC2B2AE35)
    return h ^ (h >> 16)


def _problem_at(n, k, index):
    ds = []
    for _ in range(k + 1):
        ds.append(index % n)
        index //= n
    ds.reverse()
    return ds[0], ds[1:]


class HeldOutSet:
    """heldOutSet(group, K, runSeed, fraction), keyed by the `eval` stream's seed directly."""

    def __init__(self, group, K, eval_seed, fraction):
        if not (0 < fraction <= 0.5):
            raise ValueError(f"heldOutSet: fraction must be in (0, 0.5], got {fraction}")
        if group.n > 10:
            raise ValueError("held-out keys are hashed here for single-digit elements only")
        self.group, self.K, self.fraction, self.seed = group, K, fraction, eval_seed
        n = group.n
        self.space_by_k = [n ** (k + 1) for k in range(1, K + 1)]
        self.count_by_k = [0]
        self.adjusted = []
        self.tables = {}  # k -> bytes, 1 where held out (spaces <= COUNT_LIMIT)
        self.held = {}  # k -> bool tensor of the same
        for k in range(2, K + 1):
            space = self.space_by_k[k - 1]
            if space > COUNT_LIMIT:
                self.count_by_k.append(None)
                continue
            h = _hash_all(n, k, eval_seed)
            held = h.double() / 2**32 < fraction
            count = int(held.sum())
            if count == 0:
                i = int((h == h.min()).nonzero()[0])
                held[i] = True
                self.adjusted.append({"k": k, "rule": "lowest-hash-held-out", "key": key_of(*_problem_at(n, k, i))})
                count = 1
            elif count == space:
                i = int((h == h.max()).nonzero()[0])
                held[i] = False
                self.adjusted.append({"k": k, "rule": "highest-hash-trains", "key": key_of(*_problem_at(n, k, i))})
                count = space - 1
            self.count_by_k.append(count)
            self.held[k] = held
            self.tables[k] = bytes(held.to(torch.uint8).tolist())

    def has(self, e0, gs):
        k = len(gs)
        if k < 2:
            return False
        table = self.tables.get(k)
        if table is not None:
            i = e0
            for g in gs:
                i = i * self.group.n + g
            return table[i] == 1
        return held_out_hash(self.seed, key_of(e0, gs)) / 2**32 < self.fraction

    def side_count(self, k, side):
        held = self.count_by_k[k - 1]
        if held is None:
            return None
        return held if side == "held-out" else self.space_by_k[k - 1] - held

    def enumerate_side(self, k, side):
        """Every problem of length k on `side`, in lexicographic order of (e0, g1..gk)."""
        n = self.group.n
        held = self.held.get(k) if k >= 2 else torch.zeros(n ** (k + 1), dtype=torch.bool)
        if held is None:
            raise RuntimeError(f"enumerateSide: length {k} has {n ** (k + 1)} problems, more than {COUNT_LIMIT}")
        chosen = held if side == "held-out" else ~held
        return [_problem_at(n, k, int(i)) for i in chosen.nonzero().flatten().tolist()]

    def sample_side(self, k, side, count, rng):
        """sampleSide: all of the side (enumerated) when it has at most `count`, else `count` distinct by rejection."""
        have = self.side_count(k, side)
        if have is not None and have <= count:
            return self.enumerate_side(k, side)
        n, want, seen, out = self.group.n, side == "held-out", set(), []
        max_draws = 1000 * count + 100_000
        draws = 0
        while len(out) < count:
            if draws >= max_draws:
                raise RuntimeError(f"sampleSide: {max_draws} draws gave only {len(out)} of {count} distinct {side} problems of length {k}")
            draws += 1
            e0 = rng.int(n)
            gs = [rng.int(n) for _ in range(k)]
            key = key_of(e0, gs)
            if self.has(e0, gs) != want or key in seen:
                continue
            seen.add(key)
            out.append((e0, gs))
        return out


TRAIN_EVAL_SIZE = 256


class EvalSet:
    """makeEvalSet: k = 1's |G|^2 problems, evalPerK held-out problems of each k >= 2 (eval stream),
    and up to 256 training problems of length K (eval-train stream)."""

    def __init__(self, held_out, per_k, eval_rng, train_rng):
        g, K = held_out.group, held_out.K
        self.held_out = held_out
        self.problems_by_k = [held_out.sample_side(1, "train", g.n**2, eval_rng)]
        self.held_out_lengths = []
        for k in range(2, K + 1):
            self.problems_by_k.append(held_out.sample_side(k, "held-out", per_k, eval_rng))
            self.held_out_lengths.append(k)
        self.train_problems = held_out.sample_side(K, "train", TRAIN_EVAL_SIZE, train_rng)

    def summary(self):
        """record.json's heldOut (harness/train/held-out-summary.ts)."""
        h = self.held_out
        return {
            "fraction": h.fraction,
            "rule": "hash",
            "streamSeed": h.seed,
            "countByK": list(h.count_by_k),
            "evalCountByK": [len(p) for p in self.problems_by_k],
            "trainEvalCount": len(self.train_problems),
            "adjusted": [dict(a) for a in h.adjusted],
        }


class TrainingSampler:
    """TrainingSampler: k by weighting, then a uniform problem of length k, redrawn while held out."""

    def __init__(self, group, K, weighting, rng, held_out):
        self.group, self.K, self.rng, self.held_out = group, K, rng, held_out
        self.weights = [(i + 1) ** 2 if weighting == "quadratic" else 1 for i in range(K)]

    def problem(self):
        rng, n = self.rng, self.group.n
        k = rng.weighted(self.weights) + 1
        for _ in range(100_000):
            e0 = rng.int(n)
            gs = [rng.int(n) for _ in range(k)]
            if not self.held_out.has(e0, gs):
                return e0, gs
        raise RuntimeError(f"TrainingSampler: 100000 draws of length {k} were all held out")

    def batch(self, size):
        return Batch(self.group, self.K, [self.problem() for _ in range(size)])


def seed_data(arm, streams):
    """SeedData: the held-out set, evaluation set and training sampler from the request's stream seeds."""
    group = GROUPS[arm["task"]]
    held = HeldOutSet(group, arm["K"], streams["eval"], arm["heldOutFraction"])
    evals = EvalSet(held, arm["evalPerK"], Rng(streams["eval"]), Rng(streams["eval-train"]))
    sampler = TrainingSampler(group, arm["K"], arm["weighting"], Rng(streams["data"]), held)
    return group, held, evals, sampler
