"""Plausible wrong answers for lesson 02; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "02-tensors"

WRONG_ANSWERS = {
    "batch_lookup": [
        ("indexes the columns: table[:, ids]", '''
def batch_lookup(table, ids):
    return table[:, ids]
'''),
        ("flattens the batch and loses (B, T)", '''
def batch_lookup(table, ids):
    return torch.stack([table[i] for i in ids.flatten().tolist()])
'''),
        ("index_select with 2-D ids (it wants a vector)", '''
def batch_lookup(table, ids):
    return table.index_select(0, ids)
'''),
        ("ids shifted by one (counting from 1)", '''
def batch_lookup(table, ids):
    return table[ids - 1]
'''),
        ("one-hot times table with a float32 one-hot (dtype of float64 tables lost / mismatched)", '''
def batch_lookup(table, ids):
    return torch.nn.functional.one_hot(ids, table.shape[0]).float() @ table
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
    ],
    "pad_and_mask": [
        ("mask rebuilt from ids != pad_idx (drops real tokens equal to pad_idx)", '''
def pad_and_mask(seqs, pad_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [pad_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    return ids, ids != pad_idx
'''),
        ("pads on the left", '''
def pad_and_mask(seqs, pad_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([[pad_idx] * (T - len(s)) + list(s) for s in seqs], dtype=torch.long)
    mask = torch.tensor([[False] * (T - len(s)) + [True] * len(s) for s in seqs])
    return ids, mask
'''),
        ("mask as 0/1 integers instead of bool", '''
def pad_and_mask(seqs, pad_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.tensor([list(s) + [pad_idx] * (T - len(s)) for s in seqs], dtype=torch.long)
    mask = torch.tensor([[1] * len(s) + [0] * (T - len(s)) for s in seqs])
    return ids, mask
'''),
        ("ids built as float (torch.full with a float fill value)", '''
def pad_and_mask(seqs, pad_idx=0):
    T = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), T), float(pad_idx))
    mask = torch.zeros(len(seqs), T, dtype=torch.bool)
    for b, s in enumerate(seqs):
        ids[b, :len(s)] = torch.tensor(s, dtype=torch.float32)
        mask[b, :len(s)] = True
    return ids, mask
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
'''),
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
    ],
}
