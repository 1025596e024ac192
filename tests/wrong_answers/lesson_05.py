"""Plausible wrong answers for lesson 05; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
``CORRECT_ANSWERS`` holds correct answers written differently from the solution; each must earn
full marks.
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

_LOOKUP_CALL = '''
    def __call__(self, ids):
        if ids.is_floating_point() or ids.dtype == torch.bool:
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        bad = ids[(ids < 0) | (ids >= self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''

WRONG_ANSWERS = {
    "make_optimizers": [
        ("the table found by its attribute name (model.emb) only", '''
def make_optimizers(model, lr):
    sparse = [model.emb.weight]
    dense = [p for name, p in model.named_parameters() if not name.startswith("emb.")]
    return torch.optim.SparseAdam(sparse, lr=lr), torch.optim.Adam(dense, lr=lr)
'''),
        ("every nn.Embedding goes to SparseAdam, even one built with sparse=False", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag))]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam(tables, lr=lr), torch.optim.Adam(rest, lr=lr)
'''),
        ("nn.EmbeddingBag not recognised (only nn.Embedding is checked)", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, nn.Embedding) and m.sparse]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam(tables, lr=lr), torch.optim.Adam(rest, lr=lr)
'''),
        ("Adagrad for the table instead of SparseAdam", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.Adagrad(tables, lr=lr), torch.optim.Adam(rest, lr=lr)
'''),  # noqa: E501 - the learner's code as written
        ("learning rate not passed on (both optimizers keep their default 0.001)", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam(tables), torch.optim.Adam(rest)
'''),  # noqa: E501 - the learner's code as written
        ("the dense optimizer gets model.parameters(), table included", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    return torch.optim.SparseAdam(tables, lr=lr), torch.optim.Adam(model.parameters(), lr=lr)
'''),  # noqa: E501 - the learner's code as written
        ("SGD for the dense part", '''
def make_optimizers(model, lr):
    tables = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam(tables, lr=lr), torch.optim.SGD(rest, lr=lr)
'''),  # noqa: E501 - the learner's code as written
        ("parameters split by name ('emb' in the name)", '''
def make_optimizers(model, lr):
    sparse = [p for name, p in model.named_parameters() if "emb" in name]
    dense = [p for name, p in model.named_parameters() if "emb" not in name]
    return torch.optim.SparseAdam(sparse, lr=lr), torch.optim.Adam(dense, lr=lr)
'''),
        ("makes the tables dense (m.sparse = False) so that Adam can train them", '''
def make_optimizers(model, lr):
    tables = [m for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    first = tables[0]
    for m in tables[1:]:
        m.sparse = False
    ids = {id(first.weight)}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam([first.weight], lr=lr), torch.optim.Adam(rest, lr=lr)
'''),
        ("only the model's direct children searched (named_children): nested tables missed", '''
def make_optimizers(model, lr):
    tables = [m.weight for _, m in model.named_children() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and m.sparse]
    ids = {id(p) for p in tables}
    rest = [p for p in model.parameters() if id(p) not in ids]
    return torch.optim.SparseAdam(tables, lr=lr), torch.optim.Adam(rest, lr=lr)
'''),  # noqa: E501 - the learner's code as written
    ],
    "pretrained_with_unk": [
        ("unknown row of zeros instead of the mean", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(2, vectors.shape[1], dtype=vectors.dtype), vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),
        ("<unk> at id 0 and <pad> at id 1 (padding_idx=1)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    unk = vectors.mean(dim=0, keepdim=True)
    pad = torch.zeros_like(unk)
    table = torch.cat([unk, pad, vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=1), ["<unk>", "<pad>"] + list(words)
'''),
        ("mean over the wrong dim (each vector's own mean, broadcast)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    unk = vectors.mean(dim=1).mean().expand(1, vectors.shape[1])
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), unk, vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),
        ("freeze argument not passed on (always frozen)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors.mean(dim=0, keepdim=True), vectors]).float()
    return nn.Embedding.from_pretrained(table, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),  # noqa: E501 - the learner's code as written
        ("padding_idx not set: the zero <pad> row learns like any other", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors.mean(dim=0, keepdim=True), vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze), ["<pad>", "<unk>"] + list(words)
'''),  # noqa: E501 - the learner's code as written
        ("the <unk> mean taken over the table, <pad>'s zero row included", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors])
    table = torch.cat([table[:1], table.mean(dim=0, keepdim=True), table[1:]]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),
        ("the caller's words list is modified (insert instead of a new list)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors.mean(dim=0, keepdim=True), vectors]).float()
    words.insert(0, "<unk>")
    words.insert(0, "<pad>")
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), words
'''),  # noqa: E501 - the learner's code as written
        ("float64 vectors give a float64 table (no float32 conversion)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors.mean(dim=0, keepdim=True), vectors])
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),  # noqa: E501 - the learner's code as written
        ("no check of the input: an empty word list gives a nan <unk> row", '''
def pretrained_with_unk(words, vectors, freeze=True):
    table = torch.cat([torch.zeros(1, vectors.shape[1], dtype=vectors.dtype), vectors.mean(dim=0, keepdim=True), vectors]).float()
    return nn.Embedding.from_pretrained(table, freeze=freeze, padding_idx=0), ["<pad>", "<unk>"] + list(words)
'''),  # noqa: E501 - the learner's code as written
        ("nn.Embedding built then filled through .data, requires_grad set by hand "
         "(pad row left to padding_idx)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != vectors.shape[0]:
        raise ValueError("need one vector per word")
    emb = nn.Embedding(len(words) + 2, vectors.shape[1], padding_idx=0)
    emb.weight.data[1] = vectors.mean(0)
    emb.weight.data[2:] = vectors
    emb.weight.requires_grad = not freeze
    return emb, ["<pad>", "<unk>"] + list(words)
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
        ("bool ids let through (only floats rejected): they act as a mask", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.is_floating_point():
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        bad = ids[(ids < 0) | (ids >= self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("range checked with ids.min()/ids.max(): crashes on an empty batch", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.is_floating_point() or ids.dtype == torch.bool:
            raise TypeError(f"ids must be integers, got {ids.dtype}")
        if ids.min() < 0:
            raise IndexError(f"id {ids.min().item()} is outside 0..{self.num_embeddings - 1}")
        if ids.max() >= self.num_embeddings:
            raise IndexError(f"id {ids.max().item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("torch.load with weights_only=False (unpickles anything)", '''
class ValidatedLookup:
    def __init__(self, path):
        weight = torch.load(path, weights_only=False)
        if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(f"{path} does not hold a 2-D float tensor")
        self.weight = weight
        self.num_embeddings, self.embedding_dim = weight.shape
''' + _LOOKUP_CALL),
        ("integer tables accepted (only the number of dimensions is checked)", '''
class ValidatedLookup:
    def __init__(self, path):
        weight = torch.load(path, weights_only=True)
        if weight.dim() != 2:
            raise ValueError(f"{path} does not hold a 2-D tensor")
        self.weight = weight
        self.num_embeddings, self.embedding_dim = weight.shape
''' + _LOOKUP_CALL),
        ("only torch.long accepted: int32 ids rejected", _LOOKUP_INIT + '''
    def __call__(self, ids):
        if ids.dtype != torch.long:
            raise TypeError(f"ids must be torch.long, got {ids.dtype}")
        bad = ids[(ids < 0) | (ids >= self.num_embeddings)]
        if bad.numel():
            raise IndexError(f"id {bad.flatten()[0].item()} is outside 0..{self.num_embeddings - 1}")
        return self.weight[ids]
'''),
        ("table made float32 on load, like nn.Embedding's default: a float64 table loses its digits", '''
class ValidatedLookup:
    def __init__(self, path):
        weight = torch.load(path, weights_only=True)
        if not isinstance(weight, torch.Tensor) or weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(f"{path} does not hold a 2-D float tensor")
        self.weight = weight.float()
        self.num_embeddings, self.embedding_dim = weight.shape
''' + _LOOKUP_CALL),
        ("no isinstance check: a saved dict (a state_dict) raises AttributeError, not ValueError", '''
class ValidatedLookup:
    def __init__(self, path):
        weight = torch.load(path, weights_only=True)
        if weight.dim() != 2 or not weight.is_floating_point():
            raise ValueError(f"{path} does not hold a 2-D float tensor")
        self.weight = weight
        self.num_embeddings, self.embedding_dim = weight.shape
''' + _LOOKUP_CALL),
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
        ("bag sums from differences of one running total (cumsum): a big bag swallows a small one", '''
def bag_mean(ids, offsets, weight):
    running = torch.cat([torch.zeros(1, weight.shape[1], dtype=weight.dtype), weight[ids].cumsum(dim=0)])
    ends = torch.cat([offsets[1:], torch.tensor([ids.shape[0]])])
    counts = (ends - offsets).clamp_min(1).unsqueeze(1).to(weight.dtype)
    return (running[ends] - running[offsets]) / counts
'''),
        ("result built from .tolist() numbers: no gradient reaches weight", '''
def bag_mean(ids, offsets, weight):
    ends = offsets.tolist()[1:] + [ids.shape[0]]
    rows = []
    for s, e in zip(offsets.tolist(), ends):
        bag = weight[ids[s:e]].tolist()
        rows.append([sum(col) / len(bag) for col in zip(*bag)] if bag else [0.0] * weight.shape[1])
    return torch.tensor(rows, dtype=weight.dtype)
'''),
        ("vectorized sums in a float32 buffer: float64 tables come back float32", '''
def bag_mean(ids, offsets, weight):
    B = offsets.shape[0]
    ends = torch.cat([offsets[1:], torch.tensor([ids.shape[0]])])
    sizes = ends - offsets
    bag_of = torch.repeat_interleave(torch.arange(B), sizes)
    sums = torch.zeros(B, weight.shape[1]).index_add(0, bag_of, weight[ids].float())
    return sums / sizes.clamp_min(1).unsqueeze(1)
'''),
        ("bag sizes by bincount without minlength: trailing empty bags break it", '''
def bag_mean(ids, offsets, weight):
    B = offsets.shape[0]
    ends = torch.cat([offsets[1:], torch.tensor([ids.shape[0]])])
    bag_of = torch.repeat_interleave(torch.arange(B), ends - offsets)
    sums = torch.zeros(B, weight.shape[1], dtype=weight.dtype).index_add(0, bag_of, weight[ids])
    counts = torch.bincount(bag_of).clamp_min(1).unsqueeze(1).to(weight.dtype)
    return sums / counts
'''),
        ("F.embedding_bag, which the exercise rules out", '''
def bag_mean(ids, offsets, weight):
    return F.embedding_bag(ids, weight, offsets, mode="mean")
'''),
        ("bags padded with pad_sequence, then .mean(dim=1): the padding counts in the mean", '''
def bag_mean(ids, offsets, weight):
    ends = offsets.tolist()[1:] + [len(ids)]
    bags = [weight[ids[s:e]] for s, e in zip(offsets.tolist(), ends)]
    return nn.utils.rnn.pad_sequence(bags, batch_first=True).mean(dim=1)
'''),
    ],
}

CORRECT_ANSWERS = {
    "make_optimizers": [
        ("sparse tables found with getattr(m, 'sparse', False); parameters kept apart with a set of ids", '''
def make_optimizers(model, lr):
    sparse_params = []
    for module in model.modules():
        if getattr(module, "sparse", False) and isinstance(module, (nn.Embedding, nn.EmbeddingBag)):
            sparse_params.append(module.weight)
    taken = set(map(id, sparse_params))
    dense_params = [p for p in model.parameters() if id(p) not in taken]
    sparse_opt = torch.optim.SparseAdam(sparse_params, lr=lr)
    dense_opt = torch.optim.Adam(dense_params, lr=lr)
    return sparse_opt, dense_opt
'''),
        ("named_parameters matched against the sparse modules' parameter names; param-group dicts", '''
def make_optimizers(model, lr):
    sparse_names = set()
    for prefix, module in model.named_modules():
        if isinstance(module, (nn.Embedding, nn.EmbeddingBag)) and module.sparse:
            sparse_names.add(f"{prefix}.weight" if prefix else "weight")
    sparse_params, dense_params = [], []
    for name, p in model.named_parameters():
        (sparse_params if name in sparse_names else dense_params).append(p)
    return (torch.optim.SparseAdam([{"params": sparse_params}], lr=lr),
            torch.optim.Adam([{"params": dense_params, "lr": lr}]))
'''),
        ("set difference of parameters (turned back into a list), hasattr for .sparse", '''
def make_optimizers(model, lr):
    sparse = [m.weight for m in model.modules() if isinstance(m, (nn.Embedding, nn.EmbeddingBag)) and getattr(m, "sparse")]
    dense = list(set(model.parameters()) - set(sparse))
    return torch.optim.SparseAdam(sparse, lr=lr), torch.optim.Adam(dense, lr=lr)
'''),  # noqa: E501 - the learner's code as written
    ],
    "pretrained_with_unk": [
        ("table filled by slices of torch.zeros, copy-constructed with torch.tensor (warns)", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if not words or len(words) != len(vectors):
        raise ValueError(f"{len(words)} words but {len(vectors)} vectors")
    source = torch.tensor(vectors, dtype=torch.float64)
    table = torch.zeros(len(words) + 2, source.shape[1], dtype=torch.float64)
    table[1] = source.sum(dim=0) / len(words)
    table[2:] = source
    itos = ["<pad>", "<unk>"]
    itos.extend(words)
    return nn.Embedding.from_pretrained(table.float(), freeze=freeze, padding_idx=0), itos
'''),
        ("float32 first, rows stacked one by one, itos from a comprehension", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) != vectors.shape[0] or len(words) == 0:
        raise ValueError("pretrained_with_unk needs one vector per word and at least one word")
    v = vectors.to(torch.float32).clone()
    rows = [torch.zeros(v.shape[1]), v.mean(0)] + [v[i] for i in range(v.shape[0])]
    emb = nn.Embedding.from_pretrained(torch.stack(rows), freeze=freeze, padding_idx=0)
    return emb, [w for w in ["<pad>", "<unk>", *words]]
'''),
        ("F.pad adds two zero rows on top, then row 1 gets the mean; itos copied and extended in place", '''
def pretrained_with_unk(words, vectors, freeze=True):
    if len(words) == 0 or len(words) != len(vectors):
        raise ValueError(f"{len(words)} words for {len(vectors)} vectors")
    table = F.pad(vectors.double(), (0, 0, 2, 0))
    table[1] = vectors.double().mean(dim=0)
    itos = ["<pad>", "<unk>"]
    itos += words
    return nn.Embedding.from_pretrained(table.float(), freeze=freeze, padding_idx=0), itos
'''),
    ],
    "ValidatedLookup": [
        ("checks with a Python loop over the ids and index_select, copy of the table "
         "(torch.tensor warns)", '''
class ValidatedLookup:
    def __init__(self, path):
        loaded = torch.load(path, map_location="cpu", weights_only=True)
        if not (isinstance(loaded, torch.Tensor) and loaded.ndim == 2 and torch.is_floating_point(loaded)):
            raise ValueError(f"expected a 2-D float tensor in {path}")
        self.weight = torch.tensor(loaded)
        self.num_embeddings = int(loaded.shape[0])
        self.embedding_dim = int(loaded.shape[1])

    def __call__(self, ids):
        if ids.dtype not in (torch.int8, torch.int16, torch.int32, torch.int64, torch.uint8):
            raise TypeError(f"ids must be an integer tensor, not {ids.dtype}")
        for i in ids.reshape(-1).tolist():
            if not 0 <= i < self.num_embeddings:
                raise IndexError(f"id {i} is outside 0..{self.num_embeddings - 1}")
        flat = self.weight.index_select(0, ids.reshape(-1).long())
        return flat.reshape(*ids.shape, self.embedding_dim)
'''),  # noqa: E501 - the learner's code as written
        ("F.embedding for the lookup, torch.any for the check, messages with the range spelled out", '''
class ValidatedLookup:
    def __init__(self, path):
        t = torch.load(path, weights_only=True)
        if type(t) is not torch.Tensor or len(t.shape) != 2 or t.dtype not in (torch.float16, torch.bfloat16, torch.float32, torch.float64):
            raise ValueError("the file must hold a (num_embeddings, embedding_dim) float tensor")
        self.weight = t
        self.num_embeddings, self.embedding_dim = tuple(t.shape)

    def __call__(self, ids):
        if ids.dtype == torch.bool or ids.dtype.is_floating_point or ids.dtype.is_complex:
            raise TypeError("ids must be integers")
        out_of_range = (ids < 0) | (ids >= self.num_embeddings)
        if torch.any(out_of_range):
            first = ids[out_of_range].reshape(-1)[0].item()
            raise IndexError(f"id {first} is outside the valid range 0..{self.num_embeddings - 1}")
        return F.embedding(ids.long(), self.weight)
'''),  # noqa: E501 - the learner's code as written
        ("torch.load with its default (weights_only is True by default since torch 2.6), torch.is_tensor, "
         "torch.where to find the first bad id, index_select + reshape", '''
class ValidatedLookup:
    def __init__(self, path):
        w = torch.load(path)
        if not torch.is_tensor(w) or w.ndim != 2 or not w.dtype.is_floating_point:
            raise ValueError(f"{path}: expected a 2-D floating-point tensor")
        self.weight = w
        self.num_embeddings = w.shape[0]
        self.embedding_dim = w.shape[1]

    def __call__(self, ids):
        if ids.dtype.is_floating_point or ids.dtype == torch.bool:
            raise TypeError("ids must be an integer tensor")
        flat = ids.reshape(-1)
        bad = torch.where((flat < 0) | (flat >= self.num_embeddings))[0]
        if len(bad) > 0:
            raise IndexError(f"id {int(flat[bad[0]])} is outside 0..{self.num_embeddings - 1}")
        return self.weight.index_select(0, flat.long()).reshape(*ids.shape, self.embedding_dim)
'''),
    ],
    "bag_mean": [
        ("vectorized: repeat_interleave + index_add, sizes clamped at 1", '''
def bag_mean(ids, offsets, weight):
    ends = torch.cat([offsets[1:], offsets.new_tensor([ids.numel()])])
    sizes = ends - offsets                                           # (B,)
    bag_of = torch.repeat_interleave(torch.arange(len(offsets)), sizes)
    sums = torch.zeros(len(offsets), weight.shape[1], dtype=weight.dtype).index_add(0, bag_of, weight[ids])
    return sums / sizes.clamp(min=1).to(weight.dtype).unsqueeze(1)
'''),
        ("a loop with sum / len and new_zeros, bags sliced with Python ints", '''
def bag_mean(ids, offsets, weight):
    starts = [int(o) for o in offsets]
    stops = starts[1:] + [len(ids)]
    means = []
    for a, b in zip(starts, stops):
        n = b - a
        means.append(weight[ids[a:b]].sum(0) / n if n else weight.new_zeros(weight.shape[1]))
    return torch.stack(means, dim=0)
'''),
        ("torch.segment_reduce with lengths (mean; empty segments set to 0 with initial=0)", '''
def bag_mean(ids, offsets, weight):
    ends = torch.cat([offsets[1:], torch.tensor([len(ids)])])
    return torch.segment_reduce(weight[ids], "mean", lengths=ends - offsets, initial=0)
'''),
        ("torch.split by bag sizes, mean per piece, nan_to_num for empty bags", '''
def bag_mean(ids, offsets, weight):
    sizes = torch.diff(offsets, append=torch.tensor([len(ids)])).tolist()
    pieces = torch.split(weight[ids], sizes)
    return torch.stack([torch.nan_to_num(p.mean(dim=0), nan=0.0) for p in pieces])
'''),
    ],
}
