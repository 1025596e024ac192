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
    "rmse": [
        ("mean squared error: no square root", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    return float(((pred.detach() - target) ** 2).mean())
'''),
        ("no shape check: (B, 1) against (B,) broadcasts", '''
def rmse(pred, target):
    if pred.numel() == 0:
        raise ValueError("empty")
    return float(((pred.detach() - target) ** 2).mean().sqrt())
'''),
        ("mean absolute error instead of root mean square", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    return float((pred.detach() - target).abs().mean())
'''),
        ("signed errors averaged before squaring", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    return float((pred.detach() - target).mean().abs())
'''),
        ("only the number of elements compared: (3, 1) against (1, 3) broadcasts", '''
def rmse(pred, target):
    if pred.numel() != target.numel() or pred.numel() == 0:
        raise ValueError("sizes differ")
    return float(((pred.detach() - target) ** 2).mean().sqrt())
'''),
        ("square expanded: mean(p²) - 2 mean(pt) + mean(t²) cancels on large values", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    p, t = pred.detach(), target.detach()
    msq = (p * p).mean() - 2 * (p * t).mean() + (t * t).mean()
    return float(msq.clamp_min(0).sqrt())
'''),
        ("converted to float32: float64 inputs lose their digits", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    return float(((pred.detach().float() - target.float()) ** 2).mean().sqrt())
'''),
        ("no check for empty tensors: returns nan", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return float(((pred.detach() - target) ** 2).mean().sqrt())
'''),
        ("errors computed in place in the caller's pred", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    diff = pred.detach()
    diff -= target
    return float((diff ** 2).mean().sqrt())
'''),
        ("empty check with len(): a (3, 0) tensor gives nan", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    if len(pred) == 0:
        raise ValueError("empty")
    return float(((pred.detach() - target) ** 2).mean().sqrt())
'''),
        ("through numpy without detach: fails on tensors that require grad", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("shapes differ")
    return float(((pred.numpy() - target.numpy()) ** 2).mean() ** 0.5)
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
    "rmse": [
        ("F.mse_loss and .item()", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError(f"pred {tuple(pred.shape)} and target {tuple(target.shape)} differ")
    if pred.numel() == 0:
        raise ValueError("no values")
    return F.mse_loss(pred, target).sqrt().item()
'''),
        ("float() on a tensor that may require grad (warns)", '''
def rmse(pred, target):
    if pred.shape != target.shape or pred.numel() == 0:
        raise ValueError("need two non-empty tensors of the same shape")
    return float(torch.sqrt(torch.mean((pred - target) ** 2)))
'''),
        ("plain Python over the values", '''
def rmse(pred, target):
    if tuple(pred.shape) != tuple(target.shape) or pred.numel() == 0:
        raise ValueError("need two non-empty tensors of the same shape")
    a, b = pred.detach().reshape(-1).tolist(), target.detach().reshape(-1).tolist()
    return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b)) / len(a))
'''),
        ("math.sqrt of F.mse_loss", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("pred and target must have the same shape")
    if pred.numel() == 0:
        raise ValueError("cannot take the RMSE of empty tensors")
    return math.sqrt(F.mse_loss(pred.detach(), target.detach()))
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
