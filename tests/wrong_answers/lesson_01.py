"""Plausible wrong answers for lesson 01; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "01-one-hot-vs-embeddings"

WRONG_ANSWERS = {
    "build_vocab": [
        ("min_count compared with > instead of >=", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t, c in counts.items() if c > min_count and t != "<unk>"]
    kept.sort(key=lambda t: (-counts[t], t))
    return ["<unk>"] + kept
'''),
        ("ties kept in order of first appearance (most_common)", '''
def build_vocab(tokens, min_count=1):
    return ["<unk>"] + [t for t, c in Counter(tokens).most_common() if c >= min_count and t != "<unk>"]
'''),
        ("unknown token appended at the end instead of id 0", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
    return kept + ["<unk>"]
'''),
        ("'<unk>' from the text duplicated", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t, c in counts.items() if c >= min_count]
    kept.sort(key=lambda t: (-counts[t], t))
    return ["<unk>"] + kept
'''),
        ("sorts the caller's list in place to break ties", '''
def build_vocab(tokens, min_count=1):
    tokens.sort()
    counts = Counter(tokens)
    kept = [t for t in counts if counts[t] >= min_count and t != "<unk>"]
    kept.sort(key=lambda t: -counts[t])
    return ["<unk>"] + kept
'''),
        ("lower-cases every token", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(t.lower() for t in tokens)
    kept = [t for t, c in counts.items() if c >= min_count and t != "<unk>"]
    return ["<unk>"] + sorted(kept, key=lambda t: (-counts[t], t))
'''),
        ("ties in reverse alphabetical order (reverse=True on (count, token))", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t, c in counts.items() if c >= min_count and t != "<unk>"]
    return ["<unk>"] + sorted(kept, key=lambda t: (counts[t], t), reverse=True)
'''),
        ("returns a tuple instead of a list", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    kept = [t for t in counts if counts[t] >= min_count and t != "<unk>"]
    return ("<unk>", *sorted(kept, key=lambda t: (-counts[t], t)))
'''),
        ("a module-level Counter that keeps counting across calls", '''
_counts = Counter()
def build_vocab(tokens, min_count=1):
    _counts.update(tokens)
    kept = [t for t, c in _counts.items() if c >= min_count and t != "<unk>"]
    kept.sort(key=lambda t: (-_counts[t], t))
    return ["<unk>"] + kept
'''),
    ],
    "encode": [
        ("unknown tokens mapped to -1 (the last row!)", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, -1) for t in tokens]
'''),
        ("unknown tokens silently dropped", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi[t] for t in tokens if t in stoi]
'''),
        ("ids off by one (counting from 1)", '''
def encode(tokens, itos):
    stoi = {t: i + 1 for i, t in enumerate(itos)}
    return [stoi.get(t, 0) for t in tokens]
'''),
        ("lower-cases tokens the vocabulary does not lower-case", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t.lower(), 0) for t in tokens]
'''),
        ("stoi cached in a global on the first call (stale for another vocabulary)", '''
_stoi_cache = {}
def encode(tokens, itos):
    if not _stoi_cache:
        _stoi_cache.update({t: i for i, t in enumerate(itos)})
    return [_stoi_cache.get(t, 0) for t in tokens]
'''),
        ("encodes the set of tokens (order and repeats lost)", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, 0) for t in sorted(set(tokens), key=tokens.index)]
'''),
        ("unknown tokens get a new id len(itos)", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return [stoi.get(t, len(itos)) for t in tokens]
'''),
        ("returns a tensor of ids instead of a list", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return torch.tensor([stoi.get(t, 0) for t in tokens], dtype=torch.long)
'''),
        ("list(tensor): a list of 0-d tensors, not ints", '''
def encode(tokens, itos):
    stoi = {t: i for i, t in enumerate(itos)}
    return list(torch.tensor([stoi.get(t, 0) for t in tokens], dtype=torch.long))
'''),
    ],
    "one_hot_batch": [
        ("returns F.one_hot's int64 tensor", '''
def one_hot_batch(ids, vocab_size):
    return F.one_hot(ids, num_classes=vocab_size)
'''),
        ("vocabulary axis put first (wrong dim)", '''
def one_hot_batch(ids, vocab_size):
    return F.one_hot(ids, num_classes=vocab_size).float().movedim(-1, 0)
'''),
        ("num_classes left out: length = largest id + 1", '''
def one_hot_batch(ids, vocab_size):
    if ids.numel() and (ids.min() < 0 or ids.max() >= vocab_size):
        raise IndexError(f"id out of range: {ids.max().item()}")
    return F.one_hot(ids).float()
'''),
        ("no range check: F.one_hot's RuntimeError instead of IndexError", '''
def one_hot_batch(ids, vocab_size):
    return F.one_hot(ids, num_classes=vocab_size).float()
'''),
        ("range check with > instead of >= (id == vocab_size slips through)", '''
def one_hot_batch(ids, vocab_size):
    if ids.numel() and (ids.min() < 0 or ids.max() > vocab_size):
        raise IndexError(f"id {ids.max().item()} is out of range")
    return F.one_hot(ids, num_classes=vocab_size).float()
'''),
        ("rows of an identity matrix: a negative id wraps to the last row", '''
def one_hot_batch(ids, vocab_size):
    return torch.eye(vocab_size)[ids]
'''),
        ("min()/max() on an empty tensor crash", '''
def one_hot_batch(ids, vocab_size):
    if ids.min() < 0 or ids.max() >= vocab_size:
        bad = ids[(ids < 0) | (ids >= vocab_size)][0].item()
        raise IndexError(f"id {bad} is outside 0..{vocab_size - 1}")
    return F.one_hot(ids, num_classes=vocab_size).float()
'''),
        ("the error names the largest id even when a negative id is the bad one", '''
def one_hot_batch(ids, vocab_size):
    if ids.numel() and (ids.min() < 0 or ids.max() >= vocab_size):
        raise IndexError(f"ids must lie in 0..{vocab_size - 1}, the largest is {ids.max().item()}")
    return F.one_hot(ids, num_classes=vocab_size).float()
'''),
        ("the error message prints the whole ids tensor", '''
def one_hot_batch(ids, vocab_size):
    if ((ids < 0) | (ids >= vocab_size)).any():
        raise IndexError(f"ids out of range 0..{vocab_size - 1}: {ids}")
    return F.one_hot(ids, num_classes=vocab_size).float()
'''),
    ],
    "cosine_matrix": [
        ("raw dot products, no normalization", '''
def cosine_matrix(X):
    return X @ X.T
'''),
        ("normalized along the wrong dim (columns)", '''
def cosine_matrix(X):
    unit = X / X.norm(dim=0, keepdim=True).clamp_min(1e-8)
    return unit @ unit.T
'''),
        ("compares columns instead of rows", '''
def cosine_matrix(X):
    unit = X / X.norm(dim=0, keepdim=True).clamp_min(1e-8)
    return unit.T @ unit
'''),
        ("no clamp: a zero row gives nan", '''
def cosine_matrix(X):
    unit = X / X.norm(dim=1, keepdim=True)
    return unit @ unit.T
'''),
        ("normalizes the caller's tensor in place", '''
def cosine_matrix(X):
    X /= X.norm(dim=1, keepdim=True).clamp_min(1e-8)
    return X @ X.T
'''),
        ("converts to float32 first (float64 input loses its dtype)", '''
def cosine_matrix(X):
    X = X.float()
    unit = X / X.norm(dim=1, keepdim=True).clamp_min(1e-8)
    return unit @ unit.T
'''),
        ("norms clamped at 1 instead of a small minimum (short vectors are not normalized)", '''
def cosine_matrix(X):
    unit = X / X.norm(dim=1, keepdim=True).clamp_min(1.0)
    return unit @ unit.T
'''),
        ("divides by the norm of the whole matrix", '''
def cosine_matrix(X):
    unit = X / X.norm().clamp_min(1e-8)
    return unit @ unit.T
'''),
        ("clamps the squared norm at 1e-8 (the norm at 1e-4: short rows are not normalized)", '''
def cosine_matrix(X):
    sq = (X * X).sum(dim=1, keepdim=True).clamp_min(1e-8)
    unit = X / sq.sqrt()
    return unit @ unit.T
'''),
    ],
    "lookup_by_matmul": [
        ("one-hot left as int64 (dtype mismatch in @)", '''
def lookup_by_matmul(ids, W):
    return F.one_hot(ids, num_classes=W.shape[0]) @ W
'''),
        ("one-hot length taken from the ids, not from W", '''
def lookup_by_matmul(ids, W):
    return F.one_hot(ids).float() @ W
'''),
        ("always casts to float32, losing W's dtype", '''
def lookup_by_matmul(ids, W):
    return F.one_hot(ids, num_classes=W.shape[0]).float() @ W.float()
'''),
        ("indexes W instead of multiplying by a one-hot tensor", '''
def lookup_by_matmul(ids, W):
    return W[ids]
'''),
        ("one-hot converted with .float(): fails for float64 weights", '''
def lookup_by_matmul(ids, W):
    return F.one_hot(ids, num_classes=W.shape[0]).float() @ W
'''),
        ("flattens the ids and never restores their shape", '''
def lookup_by_matmul(ids, W):
    return F.one_hot(ids.reshape(-1), num_classes=W.shape[0]).to(W.dtype) @ W
'''),
        ("float32 identity rows as the one-hot tensor", '''
def lookup_by_matmul(ids, W):
    return torch.eye(W.shape[0])[ids] @ W
'''),
        ("reshapes to (B, T, D): works only for 2-D ids", '''
def lookup_by_matmul(ids, W):
    hot = F.one_hot(ids, num_classes=W.shape[0]).to(W.dtype)
    return (hot @ W).view(ids.shape[0], ids.shape[1], -1)
'''),
        ("F.embedding (an index lookup, not a product)", '''
def lookup_by_matmul(ids, W):
    return F.embedding(ids, W)
'''),
    ],
    "embedding_as_linear": [
        ("bias left on", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D)
    with torch.no_grad():
        linear.weight.copy_(emb.weight.T)
    return linear
'''),
        ("weight not transposed (in/out swapped)", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(D, V, bias=False)
    with torch.no_grad():
        linear.weight.copy_(emb.weight)
    return linear
'''),
        ("shares the embedding's tensor instead of copying it", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False)
    linear.weight = nn.Parameter(emb.weight.T)
    return linear
'''),
        ("reshape instead of transpose (right shape, scrambled numbers)", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False, dtype=emb.weight.dtype)
    with torch.no_grad():
        linear.weight.copy_(emb.weight.reshape(D, V))
    return linear
'''),
        ("weight frozen (requires_grad=False)", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False, dtype=emb.weight.dtype)
    linear.weight = nn.Parameter(emb.weight.detach().T.clone(), requires_grad=False)
    return linear
'''),
        ("float32 layer whatever the embedding's dtype", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False)
    with torch.no_grad():
        linear.weight.copy_(emb.weight.T)
    return linear
'''),
        ("copy_ outside torch.no_grad() (in-place op on a leaf that requires grad)", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False, dtype=emb.weight.dtype)
    linear.weight.copy_(emb.weight.T)
    return linear
'''),
        ("weight.data set to the embedding's transposed data (shared memory)", '''
def embedding_as_linear(emb):
    linear = nn.Linear(emb.num_embeddings, emb.embedding_dim, bias=False, dtype=emb.weight.dtype)
    linear.weight.data = emb.weight.data.T
    return linear
'''),
        ("contiguous() taken for a copy: it is not when V or D is 1", '''
def embedding_as_linear(emb):
    linear = nn.Linear(emb.num_embeddings, emb.embedding_dim, bias=False)
    linear.weight = nn.Parameter(emb.weight.detach().T.contiguous())
    return linear
'''),
    ],
}

CORRECT_ANSWERS = {
    "build_vocab": [
        ("counts with a plain dict, sorts (count, token) pairs", '''
def build_vocab(tokens, min_count=1):
    counts = {}
    for t in tokens:
        counts[t] = counts.get(t, 0) + 1
    pairs = sorted((-c, t) for t, c in counts.items() if c >= min_count and t != "<unk>")
    return ["<unk>"] + [t for _, t in pairs]
'''),
        ("two stable sorts: alphabetical first, then by count", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(tokens)
    counts.pop("<unk>", None)
    kept = sorted(t for t in counts if counts[t] >= min_count)
    kept = sorted(kept, key=counts.get, reverse=True)
    return ["<unk>", *kept]
'''),
        ("Counter over the sorted tokens, then most_common (stable: ties stay alphabetical)", '''
def build_vocab(tokens, min_count=1):
    counts = Counter(sorted(tokens))
    return ["<unk>"] + [t for t, c in counts.most_common() if c >= min_count and t != "<unk>"]
'''),
    ],
    "encode": [
        ("itos.index for every token (slow but the same ids)", '''
def encode(tokens, itos):
    return [itos.index(t) if t in itos else 0 for t in tokens]
'''),
        ("dict(zip(...)) and a loop, `get(t) or 0`", '''
def encode(tokens, itos):
    stoi = dict(zip(itos, range(len(itos))))
    out = []
    for t in tokens:
        out.append(stoi.get(t) or 0)
    return out
'''),
        ("unknown id looked up as stoi['<unk>'], a for loop", '''
def encode(tokens, itos):
    stoi = {}
    for i, t in enumerate(itos):
        stoi[t] = i
    unk = stoi["<unk>"]
    ids = []
    for t in tokens:
        ids.append(stoi[t] if t in stoi else unk)
    return ids
'''),
    ],
    "one_hot_batch": [
        ("scatter_ into zeros, any() range check, bad id found with a loop", '''
def one_hot_batch(ids, vocab_size):
    bad = (ids < 0) | (ids >= vocab_size)
    if bad.any():
        raise IndexError(f"id {ids[bad][0].item()} does not exist in a vocabulary of {vocab_size}")
    out = torch.zeros(*ids.shape, vocab_size)
    return out.scatter_(-1, ids.unsqueeze(-1), 1.0)
'''),
        ("identity rows after a plain-Python range check", '''
def one_hot_batch(ids, vocab_size):
    for i in ids.flatten().tolist():
        if not 0 <= i < vocab_size:
            raise IndexError(f"bad id {i}")
    return torch.eye(vocab_size, dtype=torch.float32)[ids]
'''),
        ("comparison with arange, bad ids listed with tolist()", '''
def one_hot_batch(ids, vocab_size):
    bad = ids[(ids < 0) | (ids >= vocab_size)]
    if bad.numel():
        raise IndexError(f"ids {bad.unique().tolist()} are not in 0..{vocab_size - 1}")
    return (ids.unsqueeze(-1) == torch.arange(vocab_size)).to(torch.float32)
'''),
    ],
    "cosine_matrix": [
        ("F.cosine_similarity by broadcasting", '''
def cosine_matrix(X):
    return F.cosine_similarity(X[:, None, :], X[None, :, :], dim=-1, eps=1e-8)
'''),
        ("einsum over unit rows, linalg.vector_norm", '''
def cosine_matrix(X):
    unit = X / torch.linalg.vector_norm(X, dim=1, keepdim=True).clamp(min=1e-8)
    return torch.einsum("id,jd->ij", unit, unit)
'''),
        ("dot products divided by the clamped outer product of the norms", '''
def cosine_matrix(X):
    n = X.norm(dim=1).clamp_min(1e-8)
    return (X @ X.T) / torch.outer(n, n)
'''),
        ("a double loop over the rows with dot products (allowed, slow)", '''
def cosine_matrix(X):
    n = X.shape[0]
    out = X.new_zeros(n, n)
    norms = [max(float(X[i].norm()), 1e-8) for i in range(n)]
    for i in range(n):
        for j in range(n):
            out[i, j] = torch.dot(X[i], X[j]) / (norms[i] * norms[j])
    return out
'''),
    ],
    "lookup_by_matmul": [
        ("einsum of the one-hot tensor and W", '''
def lookup_by_matmul(ids, W):
    hot = F.one_hot(ids, W.shape[0]).type(W.dtype)
    return torch.einsum("...v,vd->...d", hot, W)
'''),
        ("identity rows in W's dtype, then torch.matmul", '''
def lookup_by_matmul(ids, W):
    hot = torch.eye(W.shape[0], dtype=W.dtype)[ids]
    return torch.matmul(hot, W)
'''),
        ("broadcast product summed over the vocabulary axis", '''
def lookup_by_matmul(ids, W):
    hot = F.one_hot(ids, num_classes=len(W)).to(W)
    return (hot.unsqueeze(-1) * W).sum(dim=-2)
'''),
        ("one-hot by comparison with arange, tensordot", '''
def lookup_by_matmul(ids, W):
    hot = (ids[..., None] == torch.arange(W.shape[0])).to(W.dtype)
    return torch.tensordot(hot, W, dims=1)
'''),
    ],
    "embedding_as_linear": [
        ("a new Parameter from a detached, transposed clone", '''
def embedding_as_linear(emb):
    V, D = emb.weight.shape
    linear = nn.Linear(V, D, bias=False)
    linear.weight = nn.Parameter(emb.weight.detach().T.clone())
    return linear
'''),
        ("load_state_dict into a layer of the right dtype", '''
def embedding_as_linear(emb):
    linear = nn.Linear(emb.num_embeddings, emb.embedding_dim, bias=False, dtype=emb.weight.dtype)
    linear.load_state_dict({"weight": emb.weight.detach().t()})
    return linear
'''),
        ("torch.tensor(existing tensor) (a UserWarning at call time)", '''
def embedding_as_linear(emb):
    linear = nn.Linear(*emb.weight.shape, bias=False)
    linear.weight = nn.Parameter(torch.tensor(emb.weight.T))
    return linear
'''),
        ("layer built and filled inside torch.no_grad(), weight.data assigned a clone", '''
def embedding_as_linear(emb):
    with torch.no_grad():
        linear = nn.Linear(emb.weight.shape[0], emb.weight.shape[1], bias=False)
        linear.weight.data = emb.weight.T.clone()
    return linear
'''),
    ],
}
