"""Plausible wrong answers for lesson 02; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "02-tensors"

WRONG_ANSWERS = {
    "lookup_or_zero": [
        ("plain indexing: -1 silently reads the last row", '''
def lookup_or_zero(table, ids, missing=-1):
    return table[ids]
'''),
        ("clamps the marker to row 0 instead of zeroing it", '''
def lookup_or_zero(table, ids, missing=-1):
    if ((ids != missing) & ((ids < 0) | (ids >= table.shape[0]))).any():
        raise IndexError(f"bad id in {ids.tolist()}")
    return table[ids.clamp(min=0)]
'''),
        ("every negative id taken as missing (with missing=-100, id -1 gives zeros instead of an error)", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids >= 0
    if (ids >= table.shape[0]).any():
        raise IndexError(f"id {ids[ids >= table.shape[0]][0].item()} is too large")
    rows = table[torch.where(keep, ids, torch.zeros_like(ids))]
    return torch.where(keep.unsqueeze(-1), rows, torch.zeros_like(rows))
'''),
        ("relies on indexing's own IndexError (negative bad ids wrap round without one)", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    rows = table[torch.where(keep, ids, torch.zeros_like(ids))]
    return torch.where(keep.unsqueeze(-1), rows, torch.zeros_like(rows))
'''),
        ("the output starts as torch.zeros in float32 (a float64 table is rounded)", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    out = torch.zeros(*ids.shape, table.shape[1])
    out[keep] = table[ids[keep]]
    return out
'''),
        ("replaces the marker in the caller's ids in place", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    ids[~keep] = 0
    out = table[ids]
    out[~keep] = 0
    return out
'''),
        ("multiplies by the mask: 0 * nan is nan, 0 * inf is nan", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    rows = table[torch.where(keep, ids, torch.zeros_like(ids))]
    return rows * keep.unsqueeze(-1).to(table.dtype)
'''),
        ("names the largest bad id, not the first", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad].max().item()} is outside 0..{table.shape[0] - 1}")
    rows = table[torch.where(keep, ids, torch.zeros_like(ids))]
    return torch.where(keep.unsqueeze(-1), rows, torch.zeros_like(rows))
'''),
        ("checks ids that are too large before negative ones (not the first bad id)", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    V = table.shape[0]
    for bad in (keep & (ids >= V), keep & (ids < 0)):
        if bad.any():
            raise IndexError(f"id {ids[bad][0].item()} is outside 0..{V - 1}")
    rows = table[torch.where(keep, ids, torch.zeros_like(ids))]
    return torch.where(keep.unsqueeze(-1), rows, torch.zeros_like(rows))
'''),
        ("F.embedding with padding_idx (it only stops the gradient; the row is not zeroed)", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    return torch.nn.functional.embedding(ids.masked_fill(~keep, 0), table, padding_idx=0)
'''),
        ("zeroes row 0 of the caller's table and sends the marker there", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    bad = keep & ((ids < 0) | (ids >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    table[0] = 0.0
    return table[ids.masked_fill(~keep, 0)]
'''),
        ("a Python loop over the ids", '''
def lookup_or_zero(table, ids, missing=-1):
    V, D = table.shape
    rows = []
    for i in ids.flatten().tolist():
        if i == missing:
            rows.append(table.new_zeros(D))
        elif 0 <= i < V:
            rows.append(table[i])
        else:
            raise IndexError(f"id {i} is outside 0..{V - 1}")
    return torch.stack(rows).reshape(*ids.shape, D) if rows else table.new_zeros(*ids.shape, D)
'''),
        ("flattens with view (fails for ids that are not contiguous)", '''
def lookup_or_zero(table, ids, missing=-1):
    flat = ids.view(-1)
    keep = flat != missing
    bad = keep & ((flat < 0) | (flat >= table.shape[0]))
    if bad.any():
        raise IndexError(f"id {flat[bad][0].item()} is outside 0..{table.shape[0] - 1}")
    out = table.new_zeros(flat.shape[0], table.shape[1])
    out[keep] = table[flat[keep]]
    return out.view(*ids.shape, table.shape[1])
'''),
    ],
    "pick_scores": [
        ("scores[:, targets] gives a (B, B) matrix", '''
def pick_scores(scores, targets):
    return scores[:, targets]
'''),
        ("gathers along the wrong dim (rows instead of classes)", '''
def pick_scores(scores, targets):
    return scores.gather(0, targets.unsqueeze(0)).squeeze(0)
'''),
        ("forgets to squeeze: returns (B, 1)", '''
def pick_scores(scores, targets):
    return scores.gather(1, targets.unsqueeze(1))
'''),
        ("indexes rows by the targets: scores[targets]", '''
def pick_scores(scores, targets):
    return scores[targets].max(dim=1).values
'''),
        ("unsqueeze_ on targets (an in-place change of the argument)", '''
def pick_scores(scores, targets):
    return scores.gather(1, targets.unsqueeze_(1)).squeeze(1)
'''),
        ("squeeze() with no dim: a single row becomes a 0-d tensor", '''
def pick_scores(scores, targets):
    return scores.gather(1, targets[:, None]).squeeze()
'''),
        ("one-hot product summed over classes (nan next to -inf scores)", '''
def pick_scores(scores, targets):
    hot = torch.nn.functional.one_hot(targets, scores.shape[1]).to(scores.dtype)
    return (scores * hot).sum(dim=1)
'''),
        ("row index built from the number of classes", '''
def pick_scores(scores, targets):
    return scores[torch.arange(scores.shape[1]), targets]
'''),
        ("-inf clamped to a large negative number before the one-hot product", '''
def pick_scores(scores, targets):
    hot = torch.nn.functional.one_hot(targets, scores.shape[1]).to(scores.dtype)
    safe = scores.clamp_min(-1e30)          # -inf * 0 would be nan
    return (safe * hot).sum(dim=1)
'''),
        ("torch.tensor of a list of 0-d tensors (an empty float64 batch comes back float32)", '''
def pick_scores(scores, targets):
    return torch.tensor([scores[b, t] for b, t in enumerate(targets.tolist())])
'''),
    ],
    "pairwise_distances": [
        ("squared distances (no square root)", '''
def pairwise_distances(X, Y):
    return (X[:, None, :] - Y[None, :, :]).pow(2).sum(dim=-1)
'''),
        ("no new axes: X - Y is elementwise, not all pairs", '''
def pairwise_distances(X, Y):
    return (X - Y).pow(2).sum(dim=-1).sqrt()
'''),
        ("reduces over the wrong axis (the pair axis instead of D)", '''
def pairwise_distances(X, Y):
    return (X[:, None, :] - Y[None, :, :]).norm(dim=1)
'''),
        ("L1 (sum of absolute differences) instead of Euclidean", '''
def pairwise_distances(X, Y):
    return (X[:, None, :] - Y[None, :, :]).abs().sum(dim=-1)
'''),
        ("expansion |x|^2 + |y|^2 - 2 x.y (cancellation far from the origin)", '''
def pairwise_distances(X, Y):
    sq = (X * X).sum(dim=1)[:, None] + (Y * Y).sum(dim=1)[None, :] - 2 * X @ Y.T
    return sq.clamp_min(0).sqrt()
'''),
        ("cdist forced to use matrix products", '''
def pairwise_distances(X, Y):
    return torch.cdist(X, Y, compute_mode="use_mm_for_euclid_dist")
'''),
        ("casts to float32 (float64 input loses precision)", '''
def pairwise_distances(X, Y):
    X, Y = X.float(), Y.float()
    return (X[:, None, :] - Y[None, :, :]).pow(2).sum(dim=-1).sqrt()
'''),
        ("centres both sets in place first", '''
def pairwise_distances(X, Y):
    centre = X.mean(dim=0).clone()
    X -= centre
    Y -= centre
    return (X[:, None, :] - Y[None, :, :]).pow(2).sum(dim=-1).sqrt()
'''),
        ("expansion |x|^2 + |y|^2 - 2 x.y computed in float64, cast back", '''
def pairwise_distances(X, Y):
    X64, Y64 = X.double(), Y.double()
    sq = (X64 ** 2).sum(1)[:, None] + (Y64 ** 2).sum(1)[None, :] - 2 * X64 @ Y64.T
    return sq.clamp_min(0).sqrt().to(X.dtype)
'''),
        ("computes in float32 and casts back to the inputs' dtype", '''
def pairwise_distances(X, Y):
    diff = X.float()[:, None, :] - Y.float()[None, :, :]
    return diff.pow(2).sum(dim=-1).sqrt().to(X.dtype)
'''),
        ("clamp_ instead of clamp: clips the caller's X and Y in place to avoid overflow", '''
def pairwise_distances(X, Y):
    X, Y = X.clamp_(-1e3, 1e3), Y.clamp_(-1e3, 1e3)       # keep the squares small
    return (X[:, None, :] - Y[None, :, :]).pow(2).sum(dim=-1).sqrt()
'''),
    ],
    "pad_and_mask": [
        ("pads on the left", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([[padding_idx] * (T - len(s)) + list(s) for s in seqs], dtype=torch.long)
    mask = torch.tensor([[False] * (T - len(s)) + [True] * len(s) for s in seqs])
    return ids, mask
'''),
        ("mask as 0/1 integers instead of bool", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [padding_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    mask = torch.tensor([[1] * len(s) + [0] * (T - len(s)) for s in seqs])
    return ids, mask
'''),
        ("ids built as float (torch.full with a float fill value)", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), float(padding_idx))
    mask = torch.zeros(len(seqs), T, dtype=torch.bool)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = torch.tensor(s, dtype=torch.float32)
        mask[b, :len(s)] = True
    return ids, mask
'''),
        ("pads the caller's lists in place", '''
def pad_and_mask(seqs, padding_idx=0):
    lengths = [len(s) for s in seqs]
    T = max(lengths)
    for s in seqs:
        s.extend([padding_idx] * (T - len(s)))
    ids = torch.tensor(seqs, dtype=torch.long)
    mask = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
    return ids, mask
'''),
        ("always pads with 0, ignoring padding_idx", '''
def pad_and_mask(seqs, padding_idx=0):
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    ids = torch.zeros(len(seqs), T, dtype=torch.long)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, torch.arange(T)[None, :] < lengths[:, None]
'''),
        ("torch.tensor without a dtype: only empty sequences give float32 ids", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [padding_idx] * (T - len(s)) for s in seqs])
    mask = torch.tensor([[True] * len(s) + [False] * (T - len(s)) for s in seqs], dtype=torch.bool)
    return ids, mask
'''),
        ("mask from ids != 0 (a hard-coded padding id; real tokens with id 0 vanish)", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [padding_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    return ids, ids != 0
'''),
        ("mask with <= (one padding position too many)", '''
def pad_and_mask(seqs, padding_idx=0):
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    ids = torch.full((len(seqs), T), padding_idx, dtype=torch.long)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = torch.tensor(s, dtype=torch.long)
    return ids, torch.arange(T)[None, :] <= lengths[:, None]
'''),
        ("T taken from the first sequence", '''
def pad_and_mask(seqs, padding_idx=0):
    T = len(seqs[0])
    ids = torch.full((len(seqs), T), padding_idx, dtype=torch.long)
    mask = torch.zeros(len(seqs), T, dtype=torch.bool)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = torch.tensor(s[:T], dtype=torch.long)
        mask[b, :len(s)] = True
    return ids, mask
'''),
        ("mask transposed by broadcasting the wrong way round", '''
def pad_and_mask(seqs, padding_idx=0):
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    ids = torch.tensor([s + [padding_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    return ids, torch.arange(T)[:, None] < lengths[None, :]
'''),
    ],
    "standardize": [
        ("each split standardized with its own statistics (test leaks)", '''
def standardize(train, test):
    def z(x):
        std = x.std(dim=0, correction=0)
        return (x - x.mean(dim=0)) / torch.where(std > 0, std, torch.ones_like(std))
    return z(train), z(test)
'''),
        ("statistics of each row (dim=1) instead of each column", '''
def standardize(train, test):
    mean = train.mean(dim=1, keepdim=True)
    std = train.std(dim=1, correction=0, keepdim=True).clamp_min(1e-12)
    return (train - mean) / std, (test - test.mean(dim=1, keepdim=True)) / test.std(dim=1, correction=0, keepdim=True).clamp_min(1e-12)
'''),  # noqa: E501 - the learner's code as written
        ("sample std (N - 1), torch's default", '''
def standardize(train, test):
    mean, std = train.mean(dim=0), train.std(dim=0)
    std = torch.where(std > 0, std, torch.ones_like(std))
    return (train - mean) / std, (test - mean) / std
'''),
        ("statistics of train and test together", '''
def standardize(train, test):
    both = torch.cat([train, test])
    mean, std = both.mean(dim=0), both.std(dim=0, correction=0)
    std = torch.where(std > 0, std, torch.ones_like(std))
    return (train - mean) / std, (test - mean) / std
'''),
        ("no guard for a constant column (division by zero)", '''
def standardize(train, test):
    mean, std = train.mean(dim=0), train.std(dim=0, correction=0)
    return (train - mean) / std, (test - mean) / std
'''),
        ("subtracts the mean in place (changes the caller's train)", '''
def standardize(train, test):
    mean = train.mean(dim=0)
    train -= mean
    std = train.std(dim=0, correction=0)
    std = torch.where(std > 0, std, torch.ones_like(std))
    return train / std, (test - mean) / std
'''),
        ("variance as mean(x^2) - mean(x)^2 (cancellation)", '''
def standardize(train, test):
    mean = train.mean(dim=0)
    var = (train ** 2).mean(dim=0) - mean ** 2
    std = var.clamp_min(0).sqrt()
    std = torch.where(std > 0, std, torch.ones_like(std))
    return (train - mean) / std, (test - mean) / std
'''),
        ("std clamped to a tiny minimum instead of replaced by 1", '''
def standardize(train, test):
    mean, std = train.mean(dim=0), train.std(dim=0, correction=0).clamp_min(1e-8)
    return (train - mean) / std, (test - mean) / std
'''),
        ("casts to float32", '''
def standardize(train, test):
    train, test = train.float(), test.float()
    mean, std = train.mean(dim=0), train.std(dim=0, correction=0)
    std = torch.where(std > 0, std, torch.ones_like(std))
    return (train - mean) / std, (test - mean) / std
'''),
        ("a std below 1e-3 treated as 0 (a tiny but real spread is not divided)", '''
def standardize(train, test):
    mean, std = train.mean(0), train.std(0, correction=0)
    std = torch.where(std < 1e-3, torch.ones_like(std), std)
    return (train - mean) / std, (test - mean) / std
'''),
    ],
}

CORRECT_ANSWERS = {
    "lookup_or_zero": [
        ("a zero row appended to a copy of the table; the marker sent there", '''
def lookup_or_zero(table, ids, missing=-1):
    V, D = table.shape
    is_missing = ids == missing
    bad = ~is_missing & ((ids < 0) | (ids >= V))
    if bad.any():
        raise IndexError(f"bad id {ids[bad][0].item()}: ids must be in 0..{V - 1} or {missing}")
    padded = torch.cat([table, table.new_zeros(1, D)])          # (V + 1, D): row V is zeros
    return padded[ids.masked_fill(is_missing, V)]
'''),
        ("zeros in the table's dtype, filled through a boolean mask", '''
def lookup_or_zero(table, ids, missing=-1):
    keep = ids != missing
    out_of_range = keep & ((ids < 0) | (ids >= len(table)))
    if out_of_range.any():
        first = ids.reshape(-1)[out_of_range.reshape(-1).nonzero()[0, 0]]
        raise IndexError(f"id {int(first)} out of range for a table of {len(table)} rows")
    out = table.new_zeros(ids.shape + table.shape[1:])
    out[keep] = table[ids[keep]]
    return out
'''),
        ("F.embedding of the masked ids, then masked_fill of the output", '''
def lookup_or_zero(table, ids, missing=-1):
    gone = ids.eq(missing)
    wrong = ~gone & ((ids < 0) | (ids > table.size(0) - 1))
    if wrong.any():
        raise IndexError("id %d is not a row of the table" % ids[wrong][0])
    rows = torch.nn.functional.embedding(ids.masked_fill(gone, 0).long(), table)
    return rows.masked_fill(gone.unsqueeze(-1), 0)
'''),
    ],
    "pick_scores": [
        ("two index tensors", '''
def pick_scores(scores, targets):
    return scores[torch.arange(len(targets)), targets]
'''),
        ("take_along_dim", '''
def pick_scores(scores, targets):
    return torch.take_along_dim(scores, targets.view(-1, 1), dim=1)[:, 0]
'''),
        ("a Python loop with .item(), rebuilt with new_tensor", '''
def pick_scores(scores, targets):
    return scores.new_tensor([scores[b, t].item() for b, t in enumerate(targets.tolist())])
'''),
        ("torch.where on a one-hot mask, summed (no 0 * -inf)", '''
def pick_scores(scores, targets):
    hit = targets[:, None] == torch.arange(scores.shape[1])
    return torch.where(hit, scores, torch.zeros_like(scores)).sum(dim=1)
'''),
    ],
    "pairwise_distances": [
        ("torch.cdist", '''
def pairwise_distances(X, Y):
    return torch.cdist(X, Y)
'''),
        ("linalg.vector_norm of the broadcast differences", '''
def pairwise_distances(X, Y):
    return torch.linalg.vector_norm(X.unsqueeze(1) - Y.unsqueeze(0), dim=-1)
'''),
        ("squares summed, then ** 0.5", '''
def pairwise_distances(X, Y):
    return ((X[:, None] - Y[None]) ** 2).sum(-1) ** 0.5
'''),
        ("F.pairwise_distance on broadcast pairs (it adds eps=1e-6 to each difference)", '''
def pairwise_distances(X, Y):
    return torch.nn.functional.pairwise_distance(X[:, None, :], Y[None, :, :])
'''),
    ],
    "pad_and_mask": [
        ("mask as ids != padding_idx (the same mask, since <pad> never occurs in seqs)", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [padding_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    return ids, ids != padding_idx
'''),
        ("nn.utils.rnn.pad_sequence and lengths_to_mask", '''
def pad_and_mask(seqs, padding_idx=0):
    rows = [torch.tensor(s, dtype=torch.long) for s in seqs]
    ids = nn.utils.rnn.pad_sequence(rows, batch_first=True, padding_value=padding_idx)
    return ids, lengths_to_mask(torch.tensor([len(s) for s in seqs]), ids.shape[1])
'''),
        ("plain-Python lists, then tensors", '''
def pad_and_mask(seqs, padding_idx=0):
    T = max(map(len, seqs))
    ids = [list(s) + [padding_idx] * (T - len(s)) for s in seqs]
    mask = [[t < len(s) for t in range(T)] for s in seqs]
    return torch.tensor(ids, dtype=torch.int64), torch.tensor(mask, dtype=torch.bool)
'''),
        ("torch.full and masked_scatter of the concatenated tokens", '''
def pad_and_mask(seqs, padding_idx=0):
    lengths = torch.tensor([len(s) for s in seqs])
    T = int(lengths.max())
    mask = torch.arange(T).unsqueeze(0) < lengths.unsqueeze(1)
    flat = torch.tensor([t for s in seqs for t in s], dtype=torch.long)
    ids = torch.full(mask.shape, padding_idx, dtype=torch.long).masked_scatter(mask, flat)
    return ids, mask
'''),
    ],
    "standardize": [
        ("var_mean, std 0 replaced by indexing", '''
def standardize(train, test):
    var, mean = torch.var_mean(train, dim=0, correction=0)
    std = var.sqrt()
    std[std == 0] = 1.0
    return (train - mean) / std, (test - mean) / std
'''),
        ("squared deviations by hand, keepdim", '''
def standardize(train, test):
    mean = train.mean(0, keepdim=True)
    std = ((train - mean) ** 2).mean(0, keepdim=True).sqrt()
    std = std.masked_fill(std == 0, 1.0)
    return (train - mean) / std, (test - mean) / std
'''),
        ("torch.tensor(existing tensor) for the statistics (a UserWarning at call time)", '''
def standardize(train, test):
    mean = torch.tensor(train.mean(dim=0))
    std = torch.tensor(train.std(dim=0, unbiased=False))
    std = torch.where(std == 0, torch.ones_like(std), std)
    return (train - mean) / std, (test - mean) / std
'''),
        ("statistics with numpy on a copy, converted back", '''
def standardize(train, test):
    a = train.detach().cpu().numpy()
    mean = torch.from_numpy(a.mean(axis=0)).to(train.dtype)
    std = torch.from_numpy(a.std(axis=0)).to(train.dtype)
    std[std == 0] = 1
    return (train - mean) / std, (test - mean) / std
'''),
    ],
}
