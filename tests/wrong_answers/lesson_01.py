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
    ],
}
