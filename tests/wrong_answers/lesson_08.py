"""Plausible wrong answers for lesson 08, and correct answers written differently from the solution.

WRONG_ANSWERS: {answer cell grade_id: [(what the mistake is,
                                        the whole answer cell as a learner might write it)]};
each must lose its exercise's points.
CORRECT_ANSWERS: {answer cell grade_id: [(how it differs from the solution, the whole answer cell)]};
each must earn its exercise's full points.
"""

LESSON = "08-beyond-word-vectors"

WRONG_ANSWERS = {
    "char_ngrams": [
        ("no boundary markers", '''
def char_ngrams(word, n_min=3, n_max=5):
    return [word[i:i + n] for n in range(n_min, n_max + 1) for i in range(len(word) - n + 1)]
'''),
        ("only the start marker", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word
    return [marked[i:i + n] for n in range(n_min, n_max + 1) for i in range(len(marked) - n + 1)]
'''),
        ("range(n_min, n_max): the longest pieces are missing", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return [marked[i:i + n] for n in range(n_min, n_max) for i in range(len(marked) - n + 1)]
'''),
        ("off by one: the last piece of each length is missing", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return [marked[i:i + n] for n in range(n_min, n_max + 1) for i in range(len(marked) - n)]
'''),
        ("a set of pieces: repeats dropped (order kept)", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    out = []
    for n in range(n_min, n_max + 1):
        for i in range(len(marked) - n + 1):
            if marked[i:i + n] not in out:
                out.append(marked[i:i + n])
    return out
'''),
        ("loops swapped: ordered by start position, then length", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return [marked[i:i + n] for i in range(len(marked)) for n in range(n_min, n_max + 1)
            if i + n <= len(marked)]
'''),
        ("the whole marked word added as an extra piece, as fastText's word token", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    grams = [marked[i:i + n] for n in range(n_min, n_max + 1) for i in range(len(marked) - n + 1)]
    return grams + [marked]
'''),
        ("sorted alphabetically", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return sorted(marked[i:i + n] for n in range(n_min, n_max + 1) for i in range(len(marked) - n + 1))
'''),
        ("longest first", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return [marked[i:i + n] for n in range(n_max, n_min - 1, -1) for i in range(len(marked) - n + 1)]
'''),
        ("the arguments ignored: always 3 to 5", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = "<" + word + ">"
    return [marked[i:i + n] for n in range(3, 6) for i in range(len(marked) - n + 1)]
'''),
    ],
    "exact_topk": [
        ("dot product: nothing normalised", '''
def exact_topk(queries, table, k):
    scores, ids = (queries @ table.T).topk(k, dim=1)
    return scores, ids
'''),
        ("only the queries normalised: long rows win", '''
def exact_topk(queries, table, k):
    q = queries / queries.norm(dim=1, keepdim=True).clamp_min(1e-8)
    scores, ids = (q @ table.T).topk(k, dim=1)
    return scores, ids
'''),
        ("only the table normalised: right ids, scores scaled by the query's length", '''
def exact_topk(queries, table, k):
    t = table / table.norm(dim=1, keepdim=True).clamp_min(1e-8)
    scores, ids = (queries @ t.T).topk(k, dim=1)
    return scores, ids
'''),
        ("normalised along the wrong dim (columns)", '''
def exact_topk(queries, table, k):
    q = queries / queries.norm(dim=0, keepdim=True).clamp_min(1e-8)
    t = table / table.norm(dim=0, keepdim=True).clamp_min(1e-8)
    scores, ids = (q @ t.T).topk(k, dim=1)
    return scores, ids
'''),
        ("the least similar rows (largest=False)", '''
def exact_topk(queries, table, k):
    q = queries / queries.norm(dim=1, keepdim=True).clamp_min(1e-8)
    t = table / table.norm(dim=1, keepdim=True).clamp_min(1e-8)
    scores, ids = (q @ t.T).topk(k, dim=1, largest=False)
    return scores, ids
'''),
        ("normalised in place: the caller's tensors change", '''
def exact_topk(queries, table, k):
    queries /= queries.norm(dim=1, keepdim=True).clamp_min(1e-8)
    table /= table.norm(dim=1, keepdim=True).clamp_min(1e-8)
    scores, ids = (queries @ table.T).topk(k, dim=1)
    return scores, ids
'''),
        ("no clamp: a zero row gives nan", '''
def exact_topk(queries, table, k):
    q = queries / queries.norm(dim=1, keepdim=True)
    t = table / table.norm(dim=1, keepdim=True)
    scores, ids = (q @ t.T).topk(k, dim=1)
    return scores, ids
'''),
        ("Euclidean distance on the raw vectors, smallest first", '''
def exact_topk(queries, table, k):
    d = torch.cdist(queries, table)
    dist, ids = d.topk(k, dim=1, largest=False)
    return 1 - dist, ids
'''),
        ("topk's named pair returned as it is", '''
def exact_topk(queries, table, k):
    q = queries / queries.norm(dim=1, keepdim=True).clamp_min(1e-8)
    t = table / table.norm(dim=1, keepdim=True).clamp_min(1e-8)
    return (q @ t.T).topk(k, dim=1)
'''),
        ("float32 always: float64 inputs lose their dtype", '''
def exact_topk(queries, table, k):
    q = F.normalize(queries.float(), dim=1)
    t = F.normalize(table.float(), dim=1)
    scores, ids = (q @ t.T).topk(k, dim=1)
    return scores, ids
'''),
    ],
    "ivf_search": [
        ("positions among the scored rows instead of table row numbers", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = best
    return ids, scanned
'''),
        ("the farthest lists probed", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1, largest=False).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
        ("the whole table scanned: exact search, not an inverted file", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    scores = queries @ table.T
    ids = scores.topk(min(k, table.shape[0]), dim=1).indices
    scanned = torch.full((queries.shape[0],), table.shape[0], dtype=torch.long)
    return ids, scanned
'''),
        ("scanned counts the lists probed, not the rows scored", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.full((queries.shape[0],), nprobe, dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
        ("only the first probed list searched", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = (lists == probed[b][0]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
        ("padded with 0 instead of -1", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices
    ids = torch.zeros((queries.shape[0], k), dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
        ("the k best returned in row order, not best first", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best].sort().values
    return ids, scanned
'''),
        ("nprobe + 1 lists probed", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(min(nprobe + 1, centroids.shape[0]), dim=1).indices
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = torch.isin(lists, probed[b]).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
        ("the lists chosen from the query's own list ids (probed[b] < nprobe)", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    scanned = torch.zeros(queries.shape[0], dtype=torch.long)
    for b in range(queries.shape[0]):
        rows = (lists < nprobe).nonzero().squeeze(1)
        scanned[b] = rows.numel()
        best = (table[rows] @ queries[b]).topk(min(k, rows.numel())).indices
        ids[b, :best.numel()] = rows[best]
    return ids, scanned
'''),
    ],
    "sinusoidal_positions": [
        ("sine and cosine swapped", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.cos(pos * freq)
    table[:, 1::2] = torch.sin(pos * freq)
    return table.float()
'''),
        ("exponent i / dim instead of 2i / dim", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim // 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.float()
'''),
        ("two halves (all sines, then all cosines) instead of interleaved", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    return torch.cat([torch.sin(pos * freq), torch.cos(pos * freq)], dim=1).float()
'''),
        ("positions counted from 1", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(1, num_positions + 1, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.float()
'''),
        ("float64 returned", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table
'''),
        ("base 1000 instead of 10000", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 1000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.float()
'''),
        ("multiplied by the frequency's inverse: p * 10000**(2i/dim)", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.float()
'''),
        ("no check: an odd dim silently drops a column", '''
def sinusoidal_positions(num_positions, dim):
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)[:, : dim // 2]
    return table.float()
'''),
        ("transposed: (dim, num_positions)", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError("dim must be even")
    pos = torch.arange(num_positions, dtype=torch.float64)[:, None]
    freq = 10000.0 ** (-torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    table = torch.zeros(num_positions, dim, dtype=torch.float64)
    table[:, 0::2] = torch.sin(pos * freq)
    table[:, 1::2] = torch.cos(pos * freq)
    return table.T.float()
'''),
    ],
    "self_attention": [
        ("no scaling by sqrt(d_k)", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = (q @ k.transpose(1, 2)).masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("scaled by sqrt(D), the input's size, instead of sqrt(d_k)", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(x.shape[-1])
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("softmax over the queries (dim=1) instead of the keys", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=1).nan_to_num() @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("no mask: words attend to the padding", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("padded scores set to 0 instead of -inf: padding keeps a weight", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, None, :], 0.0)
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("the padded queries masked instead of the padded keys", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, :, None], -1e9)
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("outputs at padded positions not set to 0", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return scores.softmax(dim=-1) @ v
'''),
        ("keys made with w_q", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_q, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("divided by d_k instead of its square root", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / w_k.shape[1]
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].to(x.dtype)
'''),
        ("float32 mask multiplies a float64 batch into float32", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q, k, v = x.float() @ w_q.float(), x.float() @ w_k.float(), x.float() @ w_v.float()
    mask = torch.arange(x.shape[1])[None, :] < lengths[:, None]
    scores = q @ k.transpose(1, 2) / math.sqrt(w_k.shape[1])
    scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
    return (scores.softmax(dim=-1) @ v) * mask[:, :, None].float()
'''),
    ],
}

CORRECT_ANSWERS = {
    "char_ngrams": [
        ("plain nested loops with append", '''
def char_ngrams(word, n_min=3, n_max=5):
    marked = f"<{word}>"
    grams = []
    for n in range(n_min, n_max + 1):
        for start in range(0, len(marked) - n + 1):
            grams.append(marked[start:start + n])
    return grams
'''),
        ("a while loop per length, extend", '''
def char_ngrams(word, n_min=3, n_max=5):
    s = "<" + word + ">"
    out = []
    n = n_min
    while n <= n_max:
        out.extend(s[i:i + n] for i in range(max(len(s) - n + 1, 0)))
        n += 1
    return out
'''),
    ],
    "exact_topk": [
        ("F.normalize and a sort", '''
def exact_topk(queries, table, k):
    sims = F.normalize(queries, dim=1, eps=1e-8) @ F.normalize(table, dim=1, eps=1e-8).T
    order = sims.argsort(dim=1, descending=True, stable=True)[:, :k]
    return sims.gather(1, order), order
'''),
        ("cosine_similarity with broadcasting", '''
def exact_topk(queries, table, k):
    sims = F.cosine_similarity(queries[:, None, :], table[None, :, :], dim=2, eps=1e-8)
    top = torch.topk(sims, k, dim=1)
    return (top.values, top.indices)
'''),
    ],
    "ivf_search": [
        ("one mask for the whole batch, scores of unprobed rows set to -inf", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    probed = (queries @ centroids.T).topk(nprobe, dim=1).indices          # (B, nprobe)
    allowed = (lists[None, :, None] == probed[:, None, :]).any(dim=2)      # (B, N)
    scores = (queries @ table.T).masked_fill(~allowed, float("-inf"))      # (B, N)
    kk = min(k, table.shape[0])
    best_scores, best = scores.topk(kk, dim=1)
    best = best.masked_fill(best_scores == float("-inf"), -1)
    ids = torch.full((queries.shape[0], k), -1, dtype=torch.long)
    ids[:, :kk] = best
    return ids, allowed.sum(dim=1)
'''),
        ("Python lists: an inverted index built as a dict", '''
def ivf_search(queries, centroids, lists, table, k, nprobe):
    inverted = {}
    for row, lst in enumerate(lists.tolist()):
        inverted.setdefault(lst, []).append(row)
    all_ids, all_scanned = [], []
    for q in queries:
        nearest = torch.argsort(centroids @ q, descending=True)[:nprobe].tolist()
        rows = sorted(r for c in nearest for r in inverted.get(c, []))
        scores = {r: float(table[r] @ q) for r in rows}
        best = sorted(rows, key=lambda r: -scores[r])[:k]
        all_ids.append(best + [-1] * (k - len(best)))
        all_scanned.append(len(rows))
    ids = torch.tensor(all_ids, dtype=torch.long).reshape(len(all_ids), k)
    return ids, torch.tensor(all_scanned, dtype=torch.long)
'''),
    ],
    "sinusoidal_positions": [
        ("a loop with the math module", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2 == 1:
        raise ValueError("odd dim")
    table = torch.zeros(num_positions, dim)
    for p in range(num_positions):
        for i in range(dim // 2):
            angle = p / 10000 ** (2 * i / dim)
            table[p, 2 * i] = math.sin(angle)
            table[p, 2 * i + 1] = math.cos(angle)
    return table
'''),
        ("exp/log form, stacked and flattened to interleave", '''
def sinusoidal_positions(num_positions, dim):
    if dim % 2:
        raise ValueError(f"dim {dim} is odd")
    pos = torch.arange(num_positions, dtype=torch.float64).unsqueeze(1)
    inv = torch.exp(-math.log(10000.0) * torch.arange(0, dim, 2, dtype=torch.float64) / dim)
    angles = pos * inv
    return torch.stack([angles.sin(), angles.cos()], dim=2).reshape(num_positions, dim).to(torch.float32)
'''),
    ],
    "self_attention": [
        ("einsum, and the padded rows zeroed with where", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    q = torch.einsum("btd,dk->btk", x, w_q)
    k = torch.einsum("btd,dk->btk", x, w_k)
    v = torch.einsum("btd,dk->btk", x, w_v)
    real = torch.arange(x.shape[1]).unsqueeze(0) < lengths.unsqueeze(1)
    scores = torch.einsum("bsk,btk->bst", q, k) / w_k.shape[1] ** 0.5
    scores = torch.where(real.unsqueeze(1), scores, torch.tensor(float("-inf"), dtype=x.dtype))
    out = torch.einsum("bst,btv->bsv", torch.softmax(scores, dim=2), v)
    return torch.where(real.unsqueeze(2), out, torch.zeros((), dtype=x.dtype))
'''),
        ("PyTorch's scaled_dot_product_attention with a boolean mask", '''
def self_attention(x, lengths, w_q, w_k, w_v):
    real = torch.arange(x.shape[1])[None, :] < lengths[:, None]            # (B, T)
    out = F.scaled_dot_product_attention(x @ w_q, x @ w_k, x @ w_v, attn_mask=real[:, None, :])
    return out * real[:, :, None].to(out.dtype)
'''),
    ],
}
