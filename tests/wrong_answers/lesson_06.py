"""Plausible wrong answers for lesson 06 (each must lose its exercise's points) and correct
answers written differently from the solution (each must earn full marks).

{answer cell grade_id: [(what the mistake is / how it differs,
                         the whole answer cell as a learner might write it)]}
"""

LESSON = "06-word2vec"

WRONG_ANSWERS = {
    "subsampling_keep": [
        ("the C code's rule (embedlab's, gensim's): keeps more than the goal asks", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return ((torch.sqrt(f / sample) + 1) * sample / f).clamp(max=1.0)
'''),
        ("expected frequency t for every frequent word (p = t / f) instead of sqrt(t f)", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return (sample / f).clamp(max=1.0)
'''),
        ("the goal's frequency sqrt(t f) returned as the keep probability", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return torch.where(f > sample, torch.sqrt(sample * f), torch.ones_like(f))
'''),
        ("the probability of discarding, 1 - sqrt(t / f), returned instead of keeping", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return (1 - torch.sqrt(sample / f)).clamp(min=0.0)
'''),
        ("no cap at 1: rare words get probabilities above 1", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return torch.sqrt(sample / f)
'''),
        ("clamp(min=1.0) instead of clamp(max=1.0)", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return torch.sqrt(sample / f).clamp(min=1.0)
'''),
        ("raw counts used as frequencies (not divided by N)", '''
def subsampling_keep(counts, sample=1e-3):
    return torch.sqrt(sample / counts.double()).clamp(max=1.0)
'''),
        ("N taken from the notebook's n_tokens instead of counts.sum()", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / n_tokens
    return torch.sqrt(sample / f).clamp(max=1.0)
'''),
        ("N = the number of words V (len(counts)) instead of the number of tokens", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / len(counts)
    return torch.sqrt(sample / f).clamp(max=1.0)
'''),
        ("computed in float32, cast to float64 only at the end", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.float() / counts.sum()
    return torch.sqrt(sample / f).clamp(max=1.0).double()
'''),
    ],
    "skipgram_pairs": [
        ("off-by-one: range(i - b, i + b) misses the right end of the window", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b)):
            if j != i:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("negative positions wrap around to the end of the sentence", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(i - b, min(len(ids), i + b + 1)):
            if j != i:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("the center is paired with itself", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            pairs.append((center, ids[j]))
    return pairs
'''),
        ("positions returned instead of ids", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i in range(len(ids)):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            if j != i:
                pairs.append((i, j))
    return pairs
'''),
        ("window of b - 1 on the left (range starts at i - b + 1)", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b + 1), min(len(ids), i + b + 1)):
            if j != i:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("skips repeated ids (j's value equal to the center) instead of the center's position", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            if ids[j] != center:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("uses the window of the context position instead of the center's", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        for j in range(len(ids)):
            if j != i and abs(i - j) <= reduced[j]:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("pairs as lists [center, context] instead of tuples", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            if j != i:
                pairs.append([center, ids[j]])
    return pairs
'''),
    ],
    "unigram_table": [
        ("each share rounded on its own: the total is not size", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    slots = torch.round(size * w / w.sum()).long()
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("shares rounded down, every missing slot given to the most frequent word", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    slots = torch.floor(size * w / w.sum()).long()
    slots[torch.argmax(w)] += size - int(slots.sum())
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("shares rounded, then the total fixed on the last word", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    slots = torch.round(size * w / w.sum()).long()
    slots[-1] += size - int(slots.sum())
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("at least one slot per word, as embedlab's trainer does: the total is not size", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    slots = torch.round(size * w / w.sum()).long().clamp(min=1)
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("running total rounded down, with its floating-point end just short of size", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    p = w / w.sum()
    ends = torch.floor(size * torch.cumsum(p, dim=0)).long()
    slots = torch.diff(ends, prepend=torch.zeros(1, dtype=torch.long))
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("the C code's loop, translated line by line (the first word gets one or two extra slots)", '''
def unigram_table(counts, size, power=0.75):
    w = (counts.double() ** power).tolist()
    total = sum(w)
    table = torch.empty(size, dtype=torch.int64)
    i, d1 = 0, w[0] / total
    for a in range(size):
        table[a] = i
        if a / size > d1:
            i += 1
            if i < len(w):
                d1 += w[i] / total
        if i >= len(w):
            i = len(w) - 1
    return table
'''),
        ("power hard-coded to 0.75 (largest remainders otherwise right)", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** 0.75
    share = size * w / w.sum()
    slots = share.floor().long()
    slots[torch.argsort(share - slots, descending=True)[:size - int(slots.sum())]] += 1
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("frequencies raised to the power without normalizing again (shares do not sum to size)", '''
def unigram_table(counts, size, power=0.75):
    share = size * (counts.double() / counts.sum()) ** power
    slots = share.floor().long()
    slots[torch.argsort(share - slots, descending=True)[:size - int(slots.sum())]] += 1
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("a table drawn at random with torch.multinomial: right only on average", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    return torch.multinomial(w / w.sum(), size, replacement=True)
'''),
        ("aliasing: counts.double() is the caller's own tensor when it is already float64, then **= in place", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double()
    w **= power
    share = size * w / w.sum()
    slots = share.floor().long()
    slots[torch.argsort(share - slots, descending=True)[:size - int(slots.sum())]] += 1
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),  # noqa: E501 - the learner's code as written
    ],
    "sgns_loss": [
        ("wrong sign: noise scores enter as +u.v", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(neg).sum(dim=1)).mean()
'''),
        ("averaged over the K noise words instead of summed", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).mean(dim=1)).mean()
'''),
        ("torch.log(torch.sigmoid(x)): -inf for large scores", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(torch.log(torch.sigmoid(pos)) + torch.log(torch.sigmoid(-neg)).sum(dim=1)).mean()
'''),
        ("summed over the batch instead of averaged", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).sum()
'''),
        ("loss detached to a Python float inside a tensor (no gradient)", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return torch.tensor(-(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).mean().item())
'''),
        ("modifies v in place (v.mul_) before scoring", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    v.mul_(1.0 + 1e-3)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).mean()
'''),
        ("a torch.where 'stable' log-sigmoid: right loss, nan gradient for large scores", '''
def sgns_loss(v, u_pos, u_neg):
    def log_sigmoid(x):
        return torch.where(x >= 0, -torch.log1p(torch.exp(-x)), x - torch.log1p(torch.exp(x)))
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(log_sigmoid(pos) + log_sigmoid(-neg).sum(dim=1)).mean()
'''),
        ("v detached in the noise scores (noise terms treated as constants for v)", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.detach().unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).mean()
'''),
        ("the loss rebuilt as a new tensor that requires grad: no gradient reaches v, u_pos or u_neg", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    loss = -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).mean()
    return torch.tensor(loss.item(), dtype=v.dtype, requires_grad=True)
'''),
    ],
    "sgns_gradients": [
        ("averaged over the batch (divides by B)", '''
def sgns_gradients(v, u_pos, u_neg):
    B = v.shape[0]
    g_pos = (torch.sigmoid((u_pos * v).sum(dim=1)) - 1) / B
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)) / B
    return (g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1), g_pos[:, None] * v, g_neg[:, :, None] * v[:, None])
'''),  # noqa: E501 - the learner's code as written
        ("sign of the positive term: sigma(s+) instead of sigma(s+) - 1", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1))
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    return (g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1), g_pos[:, None] * v, g_neg[:, :, None] * v[:, None])
'''),  # noqa: E501 - the learner's code as written
        ("noise terms use sigma(-s) instead of sigma(s)", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1)) - 1
    g_neg = torch.sigmoid(-torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    return (g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1), g_pos[:, None] * v, g_neg[:, :, None] * v[:, None])
'''),  # noqa: E501 - the learner's code as written
        ("forgets the noise words in grad_v", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1)) - 1
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    return g_pos[:, None] * u_pos, g_pos[:, None] * v, g_neg[:, :, None] * v[:, None]
'''),
        ("uses autograd instead of the formulas", '''
def sgns_gradients(v, u_pos, u_neg):
    with torch.enable_grad():
        v, u_pos, u_neg = (t.detach().clone().requires_grad_() for t in (v, u_pos, u_neg))
        loss = -(F.logsigmoid((u_pos * v).sum(1)) + F.logsigmoid(-torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)).sum(1)).sum()
        return torch.autograd.grad(loss, (v, u_pos, u_neg))
'''),  # noqa: E501 - the learner's code as written
        ("computes in float32 whatever the input dtype", '''
def sgns_gradients(v, u_pos, u_neg):
    v, u_pos, u_neg = v.float(), u_pos.float(), u_neg.float()
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1)) - 1
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    return (g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1), g_pos[:, None] * v, g_neg[:, :, None] * v[:, None])
'''),  # noqa: E501 - the learner's code as written
        ("noise gradients summed over K (shape (B, D) instead of (B, K, D))", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1)) - 1
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    return (g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1), g_pos[:, None] * v, (g_neg[:, :, None] * v[:, None]).sum(dim=1))
'''),  # noqa: E501 - the learner's code as written
        ("grad_u_pos = v, then *= in place: the caller's v is scaled", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = torch.sigmoid((u_pos * v).sum(dim=1)) - 1
    g_neg = torch.sigmoid(torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2))
    grad_v = g_pos[:, None] * u_pos + (g_neg[:, :, None] * u_neg).sum(dim=1)
    grad_u_neg = g_neg[:, :, None] * v[:, None]
    grad_u_pos = v
    grad_u_pos *= g_pos[:, None]
    return grad_v, grad_u_pos, grad_u_neg
'''),
        ("autograd with grad imported by name (from torch.autograd import grad)", '''
from torch.autograd import grad


def sgns_gradients(v, u_pos, u_neg):
    with torch.enable_grad():
        v, u_pos, u_neg = (t.detach().clone().requires_grad_() for t in (v, u_pos, u_neg))
        pos = (u_pos * v).sum(dim=1)
        neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
        loss = -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).sum()
        return tuple(g.detach() for g in grad(loss, (v, u_pos, u_neg)))
'''),
        ("torch.func.grad of the summed loss instead of the formulas", '''
def sgns_gradients(v, u_pos, u_neg):
    def summed_loss(v, u_pos, u_neg):
        pos = (u_pos * v).sum(dim=1)
        neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
        return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).sum()
    return torch.func.grad(summed_loss, argnums=(0, 1, 2))(v, u_pos, u_neg)
'''),
    ],
}

CORRECT_ANSWERS = {
    "subsampling_keep": [
        ("torch.where between 1 and sqrt(t / f), f compared with the threshold", '''
def subsampling_keep(counts, sample=1e-3):
    f = counts.double() / counts.sum()
    return torch.where(f > sample, torch.sqrt(sample / f), torch.ones_like(f))
'''),
        ("plain Python per word, written with the counts: sqrt(t N / count)", '''
def subsampling_keep(counts, sample=1e-3):
    n = int(counts.sum())
    return torch.tensor([min(1.0, math.sqrt(sample * n / c)) for c in counts.tolist()], dtype=torch.float64)
'''),
        ("NumPy, converted back with torch.from_numpy", '''
def subsampling_keep(counts, sample=1e-3):
    c = counts.numpy().astype(np.float64)
    return torch.from_numpy(np.minimum(1.0, np.sqrt(sample * c.sum() / c)))
'''),
    ],
    "skipgram_pairs": [
        ("a list comprehension over positions", '''
def skipgram_pairs(ids, reduced):
    return [(ids[i], ids[j]) for i in range(len(ids))
            for j in range(i - reduced[i], i + reduced[i] + 1)
            if 0 <= j < len(ids) and j != i]
'''),
        ("a generator of left then right contexts, collected into a list", '''
def skipgram_pairs(ids, reduced):
    def gen():
        for i, c in enumerate(ids):
            b = int(reduced[i])
            yield from ((c, ids[j]) for j in range(max(0, i - b), i))
            yield from ((c, ids[j]) for j in range(i + 1, min(len(ids), i + b + 1)))
    return list(gen())
'''),
        ("slices of the sentence left and right of the center", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, (center, b) in enumerate(zip(ids, reduced)):
        window = ids[max(0, i - b):i] + ids[i + 1:i + 1 + b]
        pairs.extend((center, c) for c in window)
    return pairs
'''),
    ],
    "unigram_table": [
        ("cumulative rounding (gensim's way): each word ends at round(size * running total)", '''
def unigram_table(counts, size, power=0.75):
    w = counts.double() ** power
    ends = torch.round(size * torch.cumsum(w / w.sum(), dim=0)).long()
    slots = torch.diff(ends, prepend=torch.zeros(1, dtype=torch.long))
    return torch.repeat_interleave(torch.arange(len(counts)), slots)
'''),
        ("the C code's walk done right: a running total rounded down, the last word ending at size", '''
def unigram_table(counts, size, power=0.75):
    w = [c ** power for c in counts.double().tolist()]
    total, running, table = sum(w), 0.0, []
    for i, x in enumerate(w):
        running += x
        end = size if i == len(w) - 1 else int(size * running / total)
        table.extend([i] * (end - len(table)))
    return torch.tensor(table, dtype=torch.int64)
'''),
        ("NumPy: rounded down, then one extra slot to each of the first words that lost something", '''
def unigram_table(counts, size, power=0.75):
    w = counts.numpy().astype(np.float64) ** power
    share = size * w / w.sum()
    slots = np.floor(share).astype(np.int64)
    lost = np.flatnonzero(share > slots)
    slots[lost[:size - slots.sum()]] += 1
    return torch.from_numpy(np.repeat(np.arange(len(w)), slots))
'''),
    ],
    "sgns_loss": [
        ("einsum for the scores and softplus(-x) for -log sigma(x)", '''
def sgns_loss(v, u_pos, u_neg):
    pos = torch.einsum("bd,bd->b", u_pos, v)
    neg = torch.einsum("bkd,bd->bk", u_neg, v)
    return (F.softplus(-pos) + F.softplus(neg).sum(dim=1)).mean()
'''),
        ("all 1 + K scores in one tensor with +/- labels", '''
def sgns_loss(v, u_pos, u_neg):
    u = torch.cat([u_pos.unsqueeze(1), u_neg], dim=1)          # (B, 1 + K, D)
    scores = (u * v.unsqueeze(1)).sum(dim=2)                   # (B, 1 + K)
    signs = torch.ones_like(scores)
    signs[:, 1:] = -1
    return -F.logsigmoid(signs * scores).sum(dim=1).mean()
'''),
        ("binary_cross_entropy_with_logits with reduction='sum', divided by B", '''
def sgns_loss(v, u_pos, u_neg):
    B = v.shape[0]
    pos = (u_pos * v).sum(-1)
    neg = (u_neg @ v.unsqueeze(-1)).squeeze(-1)
    pos_loss = F.binary_cross_entropy_with_logits(pos, torch.ones_like(pos), reduction="sum")
    neg_loss = F.binary_cross_entropy_with_logits(neg, torch.zeros_like(neg), reduction="sum")
    return (pos_loss + neg_loss) / B
'''),
    ],
    "sgns_gradients": [
        ("einsum, with 1 - sigma(-s) for sigma(s)", '''
def sgns_gradients(v, u_pos, u_neg):
    g_pos = -torch.sigmoid(-torch.einsum("bd,bd->b", u_pos, v))     # sigma(s) - 1
    g_neg = 1 - torch.sigmoid(-torch.einsum("bkd,bd->bk", u_neg, v))
    grad_v = g_pos[:, None] * u_pos + torch.einsum("bk,bkd->bd", g_neg, u_neg)
    return grad_v, g_pos[:, None] * v, torch.einsum("bk,bd->bkd", g_neg, v)
'''),
        ("a loop over the batch, stacking each center's gradients", '''
def sgns_gradients(v, u_pos, u_neg):
    gv, gp, gn = [], [], []
    for b in range(v.shape[0]):
        sp = torch.sigmoid(u_pos[b] @ v[b]) - 1
        sn = torch.sigmoid(u_neg[b] @ v[b])                     # (K,)
        gv.append(sp * u_pos[b] + sn @ u_neg[b])
        gp.append(sp * v[b])
        gn.append(torch.outer(sn, v[b]))
    return torch.stack(gv), torch.stack(gp), torch.stack(gn)
'''),
        ("bmm of v as a row, sigmoid written as 1 / (1 + exp(-s))", '''
def sgns_gradients(v, u_pos, u_neg):
    s_pos = (v * u_pos).sum(-1, keepdim=True)                  # (B, 1)
    s_neg = torch.bmm(v.unsqueeze(1), u_neg.transpose(1, 2))   # (B, 1, K)
    a = 1 / (1 + torch.exp(-s_pos)) - 1
    c = (1 / (1 + torch.exp(-s_neg))).transpose(1, 2)          # (B, K, 1)
    return a * u_pos + (c * u_neg).sum(1), a * v, c * v.unsqueeze(1)
'''),
    ],
}
