"""Plausible wrong answers for lesson 05; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "05-nn-embedding"

_LOOKUP_INIT = '''
class ValidatedLookup:
    def __init__(self, path):
        weight = torch.load(path, weights_only=True)
        if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(f"{path} does not hold a 2-D float tensor")
        self.weight = weight
        self.num_embeddings, self.embedding_dim = weight.shape
'''

WRONG_ANSWERS = {
    "embedding_grad": [
        ("repeated ids overwrite instead of accumulating (grad[ids] = ...)", '''
def embedding_grad(ids, grad_output, num_embeddings, padding_idx=None, scale_grad_by_freq=False):
    flat_ids = ids.reshape(-1)
    flat_grad = grad_output.reshape(flat_ids.shape[0], -1)
    grad = torch.zeros(num_embeddings, flat_grad.shape[1], dtype=grad_output.dtype)
    grad[flat_ids] = flat_grad
    if scale_grad_by_freq:
        counts = torch.bincount(flat_ids, minlength=num_embeddings).clamp_min(1)
        grad = grad / counts.unsqueeze(1).to(grad.dtype)
    if padding_idx is not None:
        grad[padding_idx] = 0
    return grad
'''),
        ("padding_idx ignored", '''
def embedding_grad(ids, grad_output, num_embeddings, padding_idx=None, scale_grad_by_freq=False):
    flat_ids = ids.reshape(-1)
    flat_grad = grad_output.reshape(flat_ids.shape[0], -1)
    grad = torch.zeros(num_embeddings, flat_grad.shape[1], dtype=grad_output.dtype)
    grad.index_add_(0, flat_ids, flat_grad)
    if scale_grad_by_freq:
        counts = torch.bincount(flat_ids, minlength=num_embeddings).clamp_min(1)
        grad = grad / counts.unsqueeze(1).to(grad.dtype)
    return grad
'''),
        ("scale_grad_by_freq divides by the total number of ids, not each id's count", '''
def embedding_grad(ids, grad_output, num_embeddings, padding_idx=None, scale_grad_by_freq=False):
    flat_ids = ids.reshape(-1)
    flat_grad = grad_output.reshape(flat_ids.shape[0], -1)
    grad = torch.zeros(num_embeddings, flat_grad.shape[1], dtype=grad_output.dtype)
    grad.index_add_(0, flat_ids, flat_grad)
    if scale_grad_by_freq:
        grad = grad / flat_ids.numel()
    if padding_idx is not None:
        grad[padding_idx] = 0
    return grad
'''),
        ("table sized by the largest id seen (bincount without minlength / max + 1)", '''
def embedding_grad(ids, grad_output, num_embeddings, padding_idx=None, scale_grad_by_freq=False):
    flat_ids = ids.reshape(-1)
    flat_grad = grad_output.reshape(flat_ids.shape[0], -1)
    V = int(flat_ids.max()) + 1
    grad = torch.zeros(V, flat_grad.shape[1], dtype=grad_output.dtype)
    grad.index_add_(0, flat_ids, flat_grad)
    if scale_grad_by_freq:
        counts = torch.bincount(flat_ids).clamp_min(1)
        grad = grad / counts.unsqueeze(1).to(grad.dtype)
    if padding_idx is not None:
        grad[padding_idx] = 0
    return grad
'''),
    ],
    "pretrained_with_unk": [
        ("unknown row of zeros instead of the mean", '''
def pretrained_with_unk(words, vectors, freeze=True):
    table = torch.cat([torch.zeros(1, vectors.shape[1]), vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze), ["<unk>"] + list(words)
'''),
        ("unknown token appended at the end instead of id 0", '''
def pretrained_with_unk(words, vectors, freeze=True):
    table = torch.cat([vectors, vectors.mean(dim=0, keepdim=True)]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze), list(words) + ["<unk>"]
'''),
        ("mean over the wrong dim (each vector's own mean, broadcast)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    unk = vectors.mean(dim=1).mean().expand(1, vectors.shape[1])
    table = torch.cat([unk, vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze), ["<unk>"] + list(words)
'''),
        ("freeze argument not passed on (always frozen)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    table = torch.cat([vectors.mean(dim=0, keepdim=True), vectors]).float()
    return nn.Embedding.from_pretrained(table), ["<unk>"] + list(words)
'''),
    ],
    "ValidatedLookup": [
        ("range check with > instead of >= (off by one)", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.is_floating_point() or ids.dtype == torch.bool:
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        bad = ids[(ids < 0) | (ids > self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("negative ids not checked (they silently read from the end)", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.is_floating_point() or ids.dtype == torch.bool:
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        bad = ids[ids >= self.num_embeddings]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("float ids silently converted with .long() instead of rejected", _LOOKUP_INIT + '''
    def __call__(self, ids):
        ids = ids.long()
        bad = ids[(ids < 0) | (ids >= self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("ids flattened: (B, T) gives (B*T, D)", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.is_floating_point() or ids.dtype == torch.bool:
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        ids = ids.reshape(-1)
        bad = ids[(ids < 0) | (ids >= self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
    ],
    "masked_mean": [
        ("divides by T (padding counted in the length)", '''
def masked_mean(vectors, ids, padding_idx):
    keep = (ids != padding_idx).unsqueeze(-1).to(vectors.dtype)
    return (vectors * keep).sum(dim=1) / vectors.shape[1]
'''),
        ("assumes padding vectors are zero (no mask on the sum)", '''
def masked_mean(vectors, ids, padding_idx):
    count = (ids != padding_idx).sum(dim=1, keepdim=True).clamp_min(1)
    return vectors.sum(dim=1) / count
'''),
        ("all-padding rows give nan (count not clamped)", '''
def masked_mean(vectors, ids, padding_idx):
    keep = (ids != padding_idx).unsqueeze(-1).to(vectors.dtype)
    return (vectors * keep).sum(dim=1) / keep.sum(dim=1)
'''),
        ("averages over the batch dim instead of time", '''
def masked_mean(vectors, ids, padding_idx):
    keep = (ids != padding_idx).unsqueeze(-1).to(vectors.dtype)
    return (vectors * keep).sum(dim=0) / keep.sum(dim=0).clamp_min(1.0)
'''),
    ],
    "bag_mean": [
        ("last bag forgotten (only bags between consecutive offsets)", '''
def bag_mean(ids, offsets, weight):
    offs = offsets.tolist()
    rows = [weight[ids[s:e]].mean(dim=0) for s, e in zip(offs[:-1], offs[1:])]
    return torch.stack(rows)
'''),
        ("empty bags give nan (mean of nothing)", '''
def bag_mean(ids, offsets, weight):
    ends = offsets.tolist()[1:] + [ids.shape[0]]
    rows = [weight[ids[s:e]].mean(dim=0) for s, e in zip(offsets.tolist(), ends)]
    return torch.stack(rows)
'''),
        ("offsets read as bag lengths", '''
def bag_mean(ids, offsets, weight):
    rows, start = [], 0
    for n in offsets.tolist():
        bag = ids[start:start + n]
        rows.append(weight[bag].mean(dim=0) if n > 0 else torch.zeros(weight.shape[1]))
        start += n
    return torch.stack(rows)
'''),
        ("sum instead of mean", '''
def bag_mean(ids, offsets, weight):
    ends = offsets.tolist()[1:] + [ids.shape[0]]
    rows = [weight[ids[s:e]].sum(dim=0) for s, e in zip(offsets.tolist(), ends)]
    return torch.stack(rows)
'''),
    ],
}
