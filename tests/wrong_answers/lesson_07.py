"""Plausible wrong answers for lesson 07; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "07-embeddings-in-models"

WRONG_ANSWERS = {
    "masked_mean": [
        ("plain mean over all T positions, padding included", '''
def masked_mean(x, mask):
    return x.mean(dim=1)
'''),
        ("masked sum divided by T instead of the number of real tokens", '''
def masked_mean(x, mask):
    return (x * mask.unsqueeze(-1).float()).sum(dim=1) / x.shape[1]
'''),
        ("no guard: an all-padding row gives nan", '''
def masked_mean(x, mask):
    w = mask.unsqueeze(-1).to(x.dtype)
    return (x * w).sum(dim=1) / w.sum(dim=1)
'''),
        ("mask applied but averaged over the feature axis", '''
def masked_mean(x, mask):
    w = mask.unsqueeze(-1).to(x.dtype)
    return (x * w).sum(dim=2) / w.sum(dim=2).clamp_min(1.0)
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
'''),
        ("builds the result from Python floats: not differentiable", '''
def predict_ratings(user_vecs, item_vecs, user_bias, item_bias, global_mean, users, items):
    out = []
    for u, i in zip(users.tolist(), items.tolist()):
        out.append(global_mean + user_bias[u].item() + item_bias[i].item() + float(user_vecs[u] @ item_vecs[i]))
    return torch.tensor(out)
'''),
    ],
    "rmse": [
        ("mean squared error: no square root", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return float(((pred.detach() - target) ** 2).mean())
'''),
        ("no shape check: (B, 1) against (B,) broadcasts", '''
def rmse(pred, target):
    return float(((pred.detach() - target) ** 2).mean().sqrt())
'''),
        ("mean absolute error instead of root mean square", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return float((pred.detach() - target).abs().mean())
'''),
        ("signed errors averaged before squaring", '''
def rmse(pred, target):
    if pred.shape != target.shape:
        raise ValueError("shapes differ")
    return float((pred.detach() - target).mean().abs())
'''),
    ],
    "standardize": [
        ("test rows scaled with their own statistics", '''
def standardize(train, test):
    def scale(x):
        return (x - x.mean(dim=0)) / x.std(dim=0)
    return scale(train), scale(test)
'''),
        ("statistics per row (dim=1) instead of per column", '''
def standardize(train, test):
    mean, std = train.mean(dim=1, keepdim=True), train.std(dim=1, keepdim=True)
    return (train - mean) / std, (test - test.mean(dim=1, keepdim=True)) / test.std(dim=1, keepdim=True)
'''),
        ("one mean and std over the whole table", '''
def standardize(train, test):
    mean, std = train.mean(), train.std()
    return (train - mean) / std, (test - mean) / std
'''),
        ("constant column divided by zero (nan)", '''
def standardize(train, test):
    mean, std = train.mean(dim=0), train.std(dim=0)
    return (train - mean) / std, (test - mean) / std
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
    ],
}
