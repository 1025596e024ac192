"""Plausible wrong answers for lesson 07, and correct answers written differently from the solution.

WRONG_ANSWERS: {answer cell grade_id: [(what the mistake is,
                                        the whole answer cell as a learner might write it)]};
each must lose its exercise's points.
CORRECT_ANSWERS: {answer cell grade_id: [(how it differs from the solution, the whole answer cell)]};
each must earn its exercise's full points.
"""

LESSON = "07-embeddings-in-models"

WRONG_ANSWERS = {
    "last_real_output": [
        ("output[:, -1]: the state after the padding", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    return output[:, -1]
'''),
        ("off by one: output[b, lengths[b]] (clamped to T - 1)", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    idx = lengths.clamp(max=output.shape[1] - 1)
    return output[torch.arange(output.shape[0]), idx]
'''),
        ("no check: a length of 0 silently picks position -1", '''
def last_real_output(output, lengths):
    return output[torch.arange(output.shape[0]), lengths - 1]
'''),
        ("the longest length for every row", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    return output[:, int(lengths.max()) - 1]
'''),
        ("mean over the real positions instead of the last one", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    mask = torch.arange(output.shape[1])[None, :] < lengths[:, None]
    return (output * mask.unsqueeze(-1)).sum(1) / lengths[:, None]
'''),
        ("lengths decremented in place: the caller's lengths change", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    lengths -= 1
    return output[torch.arange(output.shape[0]), lengths]
'''),
        ("squeeze() drops the batch axis of a batch of one", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    index = (lengths - 1).view(-1, 1, 1).expand(-1, 1, output.shape[2])
    return output.gather(1, index).squeeze()
'''),
        (">= instead of >: a sentence of full length T is rejected", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths >= output.shape[1]).any():
        raise ValueError("bad lengths")
    return output[torch.arange(output.shape[0]), lengths - 1]
'''),
        ("rebuilt from Python lists: float32 and no gradient", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    rows = [output[b, n - 1].tolist() for b, n in enumerate(lengths.tolist())]
    return torch.tensor(rows).reshape(len(rows), output.shape[2])
'''),
        ("a loop with torch.stack: fails on an empty batch", '''
def last_real_output(output, lengths):
    if (lengths < 1).any() or (lengths > output.shape[1]).any():
        raise ValueError("bad lengths")
    return torch.stack([output[b, int(n) - 1] for b, n in enumerate(lengths)])
'''),
        ("check with lengths.min()/max(): fails on an empty batch", '''
def last_real_output(output, lengths):
    if lengths.min() < 1 or lengths.max() > output.shape[1]:
        raise ValueError("lengths must lie in 1..T")
    return output[torch.arange(output.shape[0]), lengths - 1]
'''),
    ],
    "bag_of_words": [
        ("padding counted (in column 0)", '''
def bag_of_words(ids, lengths, vocab_size):
    return torch.zeros(ids.shape[0], vocab_size).scatter_add(1, ids, torch.ones(ids.shape))
'''),
        ("marks presence instead of counting (scatter_, not scatter_add_)", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    out = torch.zeros(ids.shape[0], vocab_size).scatter_(1, ids, 1.0)
    out[:, 0] = 0.0
    return out
'''),
        ("vocabulary size taken from the data (largest id + 1)", '''
def bag_of_words(ids, lengths, vocab_size):
    V = int(ids.max()) + 1
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    return torch.zeros(ids.shape[0], V).scatter_add(1, ids, mask.float())
'''),
        ("vocabulary size from the lesson's global itos", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    return torch.zeros(ids.shape[0], len(itos)).scatter_add(1, ids, mask.float())
'''),
        ("int64 counts instead of float32", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    return torch.zeros(ids.shape[0], vocab_size, dtype=torch.long).scatter_add(1, ids, mask.long())
'''),
        ("frequencies (divided by the length) instead of counts", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    counts = torch.zeros(ids.shape[0], vocab_size).scatter_add(1, ids, mask.float())
    return counts / lengths[:, None]
'''),
        ("padding overwritten in place in the caller's ids", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    ids[~mask] = vocab_size
    return F.one_hot(ids, vocab_size + 1).sum(dim=1)[:, :vocab_size].float()
'''),
        ("off by one: the last real token of each row is dropped", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < (lengths[:, None] - 1)
    return torch.zeros(ids.shape[0], vocab_size).scatter_add(1, ids, mask.float())
'''),
        ("rows stacked in a loop: fails on an empty batch", '''
def bag_of_words(ids, lengths, vocab_size):
    rows = [torch.bincount(ids[b, :n], minlength=vocab_size).float() for b, n in enumerate(lengths.tolist())]
    return torch.stack(rows)
'''),
        ("padding recognised by id 0 instead of by the lengths", '''
def bag_of_words(ids, lengths, vocab_size):
    counts = torch.zeros(ids.shape[0], vocab_size)
    return counts.scatter_add(1, ids, (ids != 0).float())
'''),
        ("padding set to 0 in the caller's ids, then column 0 cleared", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = torch.arange(ids.shape[1])[None, :] < lengths[:, None]
    ids[~mask] = 0
    counts = torch.zeros(ids.shape[0], vocab_size).scatter_add(1, ids, torch.ones(ids.shape))
    counts[:, 0] = 0
    return counts
'''),
    ],
    "predict_ratings": [
        ("matrix product: (B, D) @ (B, D).T gives every user against every item", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    return global_mean + user_bias[users] + item_bias[items] + user_vecs[users] @ item_vecs[items].T
'''),
        ("forgets the global mean", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    return user_bias[users] + item_bias[items] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),
        ("item bias looked up with the user ids", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    return global_mean + user_bias[users] + item_bias[users % len(item_bias)] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),  # noqa: E501 - the learner's code as written
        ("builds the result from Python floats: not differentiable", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    out = []
    for u, i in zip(users.tolist(), items.tolist()):
        out.append(global_mean + user_bias[u].item() + item_bias[i].item() + float(user_vecs[u] @ item_vecs[i]))
    return torch.tensor(out)
'''),  # noqa: E501 - the learner's code as written
        ("the mean of the lesson's training ratings instead of the global_mean argument", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    mu = float(ratings.ratings.mean())
    return mu + user_bias[users] + item_bias[items] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),
        ("filled into torch.zeros: float64 tables give float32 predictions", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    out = torch.zeros(len(users))
    for k in range(len(users)):
        u, i = users[k], items[k]
        out[k] = global_mean + user_bias[u] + item_bias[i] + (user_vecs[u] * item_vecs[i]).sum()
    return out
'''),
        ("the mean added in place to the caller's user biases", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    with torch.no_grad():
        user_bias += global_mean
    return user_bias[users] + item_bias[items] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),
        ("global_mean wrapped in torch.tensor (float32)", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    mu = torch.tensor(global_mean)
    return mu + user_bias[users] + item_bias[items] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),
        ("item bias forgotten", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    return global_mean + user_bias[users] + (user_vecs[users] * item_vecs[items]).sum(dim=1)
'''),
        ("sum without dim: every prediction gets the whole batch's dot products", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    return global_mean + user_bias[users] + item_bias[items] + (user_vecs[users] * item_vecs[items]).sum()
'''),
        ("item vectors detached: the item table never learns", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    q = item_vecs.detach()[items]
    return global_mean + user_bias[users] + item_bias[items] + (user_vecs[users] * q).sum(dim=1)
'''),
        ("tables wrapped in nn.Embedding.from_pretrained: gradient goes to a copy", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    P = nn.Embedding.from_pretrained(user_vecs, freeze=False)
    Q = nn.Embedding.from_pretrained(item_vecs, freeze=False)
    return global_mean + user_bias[users] + item_bias[items] + (P(users) * Q(items)).sum(dim=1)
'''),
    ],
    "recommend_unrated": [
        ("rated items not left out", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    scores = item_bias + user_vecs[users] @ item_vecs.T
    return [sorted(range(len(row)), key=lambda i: (-row[i], i))[:k] for row in scores.tolist()]
'''),
        ("item bias left out: dot product only", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    rated = set(zip(rated_users.tolist(), rated_items.tolist()))
    scores = user_vecs[users] @ item_vecs.T
    out = []
    for u, row in zip(users.tolist(), scores.tolist()):
        unrated = [i for i in range(len(row)) if (u, i) not in rated]
        out.append(sorted(unrated, key=lambda i: (-row[i], i))[:k])
    return out
'''),
        ("rated items given a score of 0 instead of left out", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    scores = item_bias + user_vecs @ item_vecs.T                       # (U, I)
    scores[rated_users, rated_items] = 0.0
    out = []
    for row in scores[users].tolist():
        out.append(sorted(range(len(row)), key=lambda i: (-row[i], i))[:k])
    return out
'''),
        ("-inf mask and topk of k: rated items come back when fewer than k are unrated", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    scores = item_bias + user_vecs @ item_vecs.T
    scores[rated_users, rated_items] = float("-inf")
    k = min(k, item_vecs.shape[0])
    out = []
    for row in scores[users]:
        top = torch.sort(row, descending=True, stable=True).indices[:k]
        out.append(top.tolist())
    return out
'''),
        ("items rated by anyone left out for everyone", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    taken = set(rated_items.tolist())
    scores = item_bias + user_vecs[users] @ item_vecs.T
    out = []
    for row in scores.tolist():
        unrated = [i for i in range(len(row)) if i not in taken]
        out.append(sorted(unrated, key=lambda i: (-row[i], i))[:k])
    return out
'''),
        ("ties reversed: ascending sort turned around puts the larger id first", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    rated = set(zip(rated_users.tolist(), rated_items.tolist()))
    scores = item_bias + user_vecs[users] @ item_vecs.T
    out = []
    for u, row in zip(users.tolist(), scores.tolist()):
        unrated = [i for i in range(len(row)) if (u, i) not in rated]
        out.append(sorted(unrated, key=lambda i: row[i])[::-1][:k])
    return out
'''),
        ("rows taken in order 0, 1, 2 ... instead of the users asked for", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    rated = set(zip(rated_users.tolist(), rated_items.tolist()))
    scores = item_bias + user_vecs[:len(users)] @ item_vecs.T
    out = []
    for u, row in zip(users.tolist(), scores.tolist()):
        unrated = [i for i in range(len(row)) if (u, i) not in rated]
        out.append(sorted(unrated, key=lambda i: (-row[i], i))[:k])
    return out
'''),
        ("worst first: ascending order", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    rated = set(zip(rated_users.tolist(), rated_items.tolist()))
    scores = item_bias + user_vecs[users] @ item_vecs.T
    out = []
    for u, row in zip(users.tolist(), scores.tolist()):
        unrated = [i for i in range(len(row)) if (u, i) not in rated]
        out.append(sorted(unrated, key=lambda i: (row[i], i))[:k])
    return out
'''),
        ("converted to float32: float64 scores that differ by 1e-9 tie", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    rated = set(zip(rated_users.tolist(), rated_items.tolist()))
    scores = item_bias.float() + user_vecs[users].float() @ item_vecs.float().T
    out = []
    for u, row in zip(users.tolist(), scores.tolist()):
        unrated = [i for i in range(len(row)) if (u, i) not in rated]
        out.append(sorted(unrated, key=lambda i: (-row[i], i))[:k])
    return out
'''),
        ("rated items masked in the caller's item_bias (modifies the argument)", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    out = []
    for u in users.tolist():
        bias = item_bias
        bias[rated_items[rated_users == u]] = float("-inf")
        scores = bias + item_vecs @ user_vecs[u]
        unrated = [i for i in range(len(scores)) if scores[i] != float("-inf")]
        out.append(sorted(unrated, key=lambda i: (-float(scores[i]), i))[:k])
    return out
'''),
    ],
    "ConcatMLP": [
        ("numeric features placed before the embedding", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([numeric, self.embedding(category)], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("numeric features dropped: only the embedding reaches the MLP", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        return self.out(F.relu(self.hidden(self.embedding(category))))
'''),
        ("no ReLU: the two linear layers collapse into one", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric], dim=1)
        return self.out(self.hidden(x))
'''),
        ("embedding table one row short (num_levels - 1)", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels - 1, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category.clamp_max(self.embedding.num_embeddings - 1)), numeric], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("padding_idx=0: level 0 is frozen at zero and never learns", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim, padding_idx=0)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("softmax at the end: probabilities instead of logits", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric], dim=1)
        return F.softmax(self.out(F.relu(self.hidden(x))), dim=1)
'''),
        ("ReLU applied in place to the caller's numeric features", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric.relu_()], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("max_norm=1: the forward pass rescales the embedding rows in place", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim, max_norm=1.0)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("scale_grad_by_freq=True", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim, scale_grad_by_freq=True)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category), numeric], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("embedding detached: the table never learns", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding(category).detach(), numeric], dim=1)
        return self.out(F.relu(self.hidden(x)))
'''),
        ("squeeze() on the embedding: a batch of one loses its axis", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        e = self.embedding(category.view(-1, 1)).squeeze()
        return self.out(F.relu(self.hidden(torch.cat([e, numeric], dim=1))))
'''),
    ],
}

CORRECT_ANSWERS = {
    "last_real_output": [
        ("gather with an expanded index, explicit checks", '''
def last_real_output(output, lengths):
    B, T, H = output.shape
    for n in lengths.tolist():
        if n < 1 or n > T:
            raise ValueError(f"length {n} is outside 1..{T}")
    index = (lengths - 1).view(B, 1, 1).expand(B, 1, H)
    return output.gather(1, index).squeeze(1)
'''),
        ("one-hot weights and einsum; torch.tensor(lengths) copies with a warning", '''
def last_real_output(output, lengths):
    lengths = torch.tensor(lengths)
    if ((lengths < 1) | (lengths > output.shape[1])).any():
        raise ValueError("every length must lie in 1..T")
    pick = F.one_hot((lengths - 1).clamp_min(0), output.shape[1]).to(output.dtype)
    return torch.einsum("bt,bth->bh", pick, output)
'''),
        ("a loop over the rows, with an empty-batch case", '''
def last_real_output(output, lengths):
    rows = []
    for b in range(output.shape[0]):
        n = int(lengths[b])
        if not 1 <= n <= output.shape[1]:
            raise ValueError("a length is outside 1..T")
        rows.append(output[b, n - 1])
    if not rows:
        return output[:, 0, :]
    return torch.stack(rows)
'''),
        ("rows copied into zeros_like in a loop (gradient flows through the copies)", '''
def last_real_output(output, lengths):
    B, T, H = output.shape
    if any(n < 1 or n > T for n in lengths.tolist()):
        raise ValueError("every length must lie in 1..T")
    result = torch.zeros_like(output[:, 0])
    for b in range(B):
        result[b] = output[b, lengths[b] - 1]
    return result
'''),
    ],
    "bag_of_words": [
        ("a loop with torch.bincount, rows written into zeros", '''
def bag_of_words(ids, lengths, vocab_size):
    out = torch.zeros(len(ids), vocab_size)
    for b in range(len(ids)):
        out[b] = torch.bincount(ids[b, :int(lengths[b])], minlength=vocab_size).float()
    return out
'''),
        ("F.one_hot times the mask, summed over the tokens", '''
def bag_of_words(ids, lengths, vocab_size):
    mask = sequences.lengths_to_mask(lengths, ids.shape[1])           # (B, T)
    hot = F.one_hot(ids, vocab_size).float()                          # (B, T, V)
    return (hot * mask.unsqueeze(-1)).sum(dim=1)
'''),
        ("index_put_ with accumulate on a flat table; torch.tensor(ids) copies with a warning", '''
def bag_of_words(ids, lengths, vocab_size):
    ids = torch.tensor(ids)
    B, T = ids.shape
    keep = torch.arange(T)[None, :] < lengths[:, None]
    rows = torch.arange(B)[:, None].expand(B, T)
    out = torch.zeros(B, vocab_size)
    out.index_put_((rows[keep], ids[keep]), torch.ones(int(keep.sum())), accumulate=True)
    return out
'''),
        ("one bincount over row-offset ids", '''
def bag_of_words(ids, lengths, vocab_size):
    B, T = ids.shape
    keep = torch.arange(T).unsqueeze(0) < lengths.unsqueeze(1)          # (B, T)
    flat = (ids + vocab_size * torch.arange(B).unsqueeze(1))[keep]      # ids shifted per row
    return torch.bincount(flat, minlength=B * vocab_size).reshape(B, vocab_size).float()
'''),
    ],
    "predict_ratings": [
        ("einsum for the row-by-row dot product", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    dots = torch.einsum("bd,bd->b", user_vecs[users], item_vecs[items])
    return dots + user_bias[users] + item_bias[items] + global_mean
'''),
        ("index_select and a batched matrix product", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    p = user_vecs.index_select(0, users).unsqueeze(1)        # (B, 1, D)
    q = item_vecs.index_select(0, items).unsqueeze(2)        # (B, D, 1)
    dots = torch.bmm(p, q).reshape(-1)                       # (B,)
    return global_mean + user_bias.index_select(0, users) + item_bias.index_select(0, items) + dots
'''),
        ("diagonal of the full matrix product", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    dots = (user_vecs[users] @ item_vecs[items].T).diagonal()
    return global_mean + user_bias[users] + item_bias[items] + dots
'''),
        ("F.embedding lookups and torch.linalg.vecdot", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    p = F.embedding(users, user_vecs)
    q = F.embedding(items, item_vecs)
    return torch.linalg.vecdot(p, q) + user_bias.gather(0, users) + item_bias.gather(0, items) + global_mean
'''),
    ],
    "recommend_unrated": [
        ("-inf mask, stable descending sort, finite scores kept", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    scores = (item_bias + user_vecs[users] @ item_vecs.T).clone()         # (B, I)
    mask = torch.zeros(user_vecs.shape[0], item_vecs.shape[0], dtype=torch.bool)
    mask.index_put_((rated_users, rated_items), torch.tensor(True))
    scores = scores.masked_fill(mask[users], float("-inf"))
    order = torch.sort(scores, dim=1, descending=True, stable=True).indices
    return [[i for i in row.tolist() if not torch.isinf(scores[b, i])][:k] for b, row in enumerate(order)]
'''),
        ("plain Python with a set per user; sorted by (score, -id) in reverse; mean and no bias added", '''
def recommend_unrated(user_vecs, item_vecs, item_bias, rated_users, rated_items, users, k):
    seen = {}
    for u, i in zip(rated_users.tolist(), rated_items.tolist()):
        seen.setdefault(u, set()).add(i)
    P, Q, b = user_vecs.tolist(), item_vecs.tolist(), item_bias.tolist()
    result = []
    for u in users.tolist():
        scored = [(3.5 + b[i] + sum(x * y for x, y in zip(P[u], Q[i])), -i)
                  for i in range(len(Q)) if i not in seen.get(u, set())]
        scored.sort(reverse=True)
        result.append([-neg for _, neg in scored[:k]])
    return result
'''),
    ],
    "ConcatMLP": [
        ("torch.hstack and clamp_min for the ReLU", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.hstack((self.embedding(category), numeric))
        return self.out(self.hidden(x).clamp_min(0.0))
'''),
        ("an nn.ReLU module attribute and cat along dim=-1", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.act = nn.ReLU()
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        e = self.embedding(category)
        return self.out(self.act(self.hidden(torch.cat((e, numeric), dim=-1))))
'''),
        ("weight indexed directly", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        x = torch.cat([self.embedding.weight[category], numeric], 1)
        return self.out(torch.relu(self.hidden(x)))
'''),
        ("one-hot matrix times the embedding weight", '''
class ConcatMLP(nn.Module):
    def __init__(self, num_levels, emb_dim, num_numeric, hidden, num_classes):
        super().__init__()
        self.embedding = nn.Embedding(num_levels, emb_dim)
        self.hidden = nn.Linear(emb_dim + num_numeric, hidden)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, category, numeric):
        onehot = F.one_hot(category, self.embedding.num_embeddings).float()
        x = torch.cat([onehot @ self.embedding.weight, numeric], dim=-1)
        return self.out(F.relu(self.hidden(x)))
'''),
    ],
}
