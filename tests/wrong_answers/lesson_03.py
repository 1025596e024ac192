"""Plausible wrong answers for lesson 03, each of which must lose its exercise's points, and
correct answers written differently from the solution, each of which must earn full marks.

{answer cell grade_id: [(what the mistake is / how it differs,
                         the whole answer cell as a learner might write it)]}
"""

LESSON = "03-autograd"

WRONG_ANSWERS = {
    "accumulate_grad": [
        ("forgets to zero the stale gradient", '''
def accumulate_grad(loss_fn, w, chunks):
    n = sum(chunk.shape[0] for chunk in chunks)
    for chunk in chunks:
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("averages each chunk by its own size (mean of the chunks' means)", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    for chunk in chunks:
        (loss_fn(w, chunk) / chunk.shape[0] / len(chunks)).backward()
    return w.grad
'''),
        ("divides by the number of chunks instead of the number of examples", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    for chunk in chunks:
        (loss_fn(w, chunk) / len(chunks)).backward()
    return w.grad
'''),
        ("zeroes inside the loop: only the last chunk's gradient survives", '''
def accumulate_grad(loss_fn, w, chunks):
    n = sum(chunk.shape[0] for chunk in chunks)
    for chunk in chunks:
        w.grad = None
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("one backward on the summed loss: every chunk's graph is kept in memory at once", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    n = sum(chunk.shape[0] for chunk in chunks)
    total = sum(loss_fn(w, chunk) for chunk in chunks) / n
    total.backward()
    return w.grad
'''),
        ("clears with w.grad.zero_(), which fails when there is no stale gradient", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad.zero_()
    n = sum(chunk.shape[0] for chunk in chunks)
    for chunk in chunks:
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("assumes equal chunks: N taken as len(chunks) * len(chunks[0])", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    n = len(chunks) * chunks[0].shape[0]
    for chunk in chunks:
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("counts elements (numel) instead of rows as N", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    n = sum(chunk.numel() for chunk in chunks)
    for chunk in chunks:
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("'if w.grad:' to test for a stale gradient (ambiguous for more than one entry)", '''
def accumulate_grad(loss_fn, w, chunks):
    if w.grad:
        w.grad.zero_()
    n = sum(len(chunk) for chunk in chunks)
    for chunk in chunks:
        (loss_fn(w, chunk) / n).backward()
    return w.grad
'''),
        ("divides w.grad by N inside the loop, after every chunk", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    n = sum(len(chunk) for chunk in chunks)
    for chunk in chunks:
        loss_fn(w, chunk).backward()
        with torch.no_grad():
            w.grad /= n
    return w.grad
'''),
        ("scales the caller's chunks in place by 1/N instead of the loss", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = None
    n = sum(len(chunk) for chunk in chunks)
    for chunk in chunks:
        chunk /= n
        loss_fn(w, chunk).backward()
    return w.grad
'''),
    ],
    "df": [
        ("product rule with one term only", '''
def df(x):
    return 2 * x * torch.sin(x)
'''),
        ("derivative of sin taken as -cos (wrong sign)", '''
def df(x):
    return 2 * x * torch.sin(x) - x ** 2 * torch.cos(x)
'''),
        ("math.sin / math.cos on a tensor (not elementwise)", '''
def df(x):
    return 2 * x * math.sin(x) + x ** 2 * math.cos(x)
'''),
        ("autograd on f instead of a derived formula", '''
def df(x):
    x = x.detach().clone().requires_grad_(True)
    f(x).sum().backward()
    return x.grad
'''),
        ("squares x in place to save memory (changes the caller's tensor)", '''
def df(x):
    first = 2 * x * torch.sin(x)
    c = torch.cos(x)
    x **= 2
    return first + x * c
'''),
        ("converts to float32 (float64 in, float32 out)", '''
def df(x):
    x = x.float()
    return 2 * x * torch.sin(x) + x ** 2 * torch.cos(x)
'''),
        ("autograd through torch.func.grad on its own copy of the formula (works under no_grad)", '''
from torch.func import grad, vmap

def df(x):
    g = grad(lambda t: t ** 2 * torch.sin(t))
    return vmap(g)(x.reshape(-1)).reshape(x.shape)
'''),
        ("autograd inside torch.enable_grad on its own copy of the formula", '''
def df(x):
    with torch.enable_grad():
        t = x.detach().clone().requires_grad_(True)
        (t ** 2 * torch.sin(t)).sum().backward()
    return t.grad
'''),
        ("a central difference on its own copy of f instead of a derived formula", '''
def df(x):
    h = 1e-6
    g = lambda t: t ** 2 * torch.sin(t)
    return (g(x + h) - g(x - h)) / (2 * h)
'''),
        ("stacks a per-element formula: fails when x has no entries", '''
def df(x):
    flat = x.reshape(-1)
    return torch.stack([2 * v * torch.sin(v) + v ** 2 * torch.cos(v) for v in flat]).reshape(x.shape)
'''),
        ("autograd on the notebook's f inside torch.enable_grad (works under no_grad)", '''
def df(x):
    with torch.enable_grad():
        t = x.detach().clone().requires_grad_(True)
        f(t).sum().backward()
    return t.grad.detach()
'''),
    ],
    "numerical_grad": [
        ("one-sided (forward) difference", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    base = f(x).item()
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        gflat[i] = (f(x).item() - base) / eps
        flat[i] = old
    return grad
'''),
        ("divides by eps instead of 2 eps", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x).item()
        flat[i] = old - eps
        down = f(x).item()
        flat[i] = old
        gflat[i] = (up - down) / eps
    return grad
'''),
        ("nudges x itself and never puts the entries back", '''
def numerical_grad(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x).item()
        flat[i] = old - eps
        down = f(x).item()
        gflat[i] = (up - down) / (2 * eps)
    return grad
'''),
        ("computes in float32", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().float().clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x).item()
        flat[i] = old - eps
        down = f(x).item()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad
'''),
        ("ignores the eps argument (hard-coded step)", '''
def numerical_grad(f, x, eps=1e-6):
    h = 1e-6
    x = x.detach().clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + h
        up = f(x).item()
        flat[i] = old - h
        down = f(x).item()
        flat[i] = old
        gflat[i] = (up - down) / (2 * h)
    return grad
'''),
        ("autograd instead of finite differences", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().clone().requires_grad_(True)
    f(x).backward()
    return x.grad
'''),
        ("converts to float64 whatever x's dtype", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().double().clone()
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x).item()
        flat[i] = old - eps
        down = f(x).item()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad
'''),
        ("calls f on the flattened copy instead of a tensor shaped like x", '''
def numerical_grad(f, x, eps=1e-6):
    flat = x.detach().clone().reshape(-1)
    grad = torch.zeros_like(flat)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(flat).item()
        flat[i] = old - eps
        down = f(flat).item()
        flat[i] = old
        grad[i] = (up - down) / (2 * eps)
    return grad.reshape(x.shape)
'''),
        ("stacks the partial derivatives: fails when x has no entries", '''
def numerical_grad(f, x, eps=1e-6):
    x = x.detach().clone()
    flat = x.view(-1)
    parts = []
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x)
        flat[i] = old - eps
        down = f(x)
        flat[i] = old
        parts.append((up - down) / (2 * eps))
    return torch.stack(parts).reshape(x.shape)
'''),
        ("nudges x itself and puts entries back: fails for an x that requires grad", '''
def numerical_grad(f, x, eps=1e-6):
    grad = torch.zeros_like(x)
    flat, gflat = x.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(x).item()
        flat[i] = old - eps
        down = f(x).item()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad
'''),
        ("detach() without clone(): nudges x's own memory (and puts the entries back)", '''
def numerical_grad(f, x, eps=1e-6):
    work = x.detach()
    grad = torch.zeros_like(work)
    flat, gflat = work.view(-1), grad.view(-1)
    for i in range(flat.numel()):
        old = flat[i].item()
        flat[i] = old + eps
        up = f(work).item()
        flat[i] = old - eps
        down = f(work).item()
        flat[i] = old
        gflat[i] = (up - down) / (2 * eps)
    return grad
'''),
    ],
    "grad_row_scale": [
        ("1 for every looked-up row: repeats do not accumulate", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.reshape(-1), minlength=num_embeddings)
    return (counts > 0).float()
'''),
        ("ignores scale_grad_by_freq", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    return torch.bincount(ids.reshape(-1), minlength=num_embeddings).float()
'''),
        ("scale_grad_by_freq read as 1 / count", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.reshape(-1), minlength=num_embeddings).float()
    if scale_grad_by_freq:
        return torch.where(counts > 0, 1.0 / counts.clamp_min(1), counts)
    return counts
'''),
        ("length taken from the largest id (bincount without minlength)", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.reshape(-1)).float()
    return (counts > 0).float() if scale_grad_by_freq else counts
'''),
        ("runs autograd through an nn.Embedding instead of counting", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    emb = nn.Embedding(num_embeddings, 1, scale_grad_by_freq=scale_grad_by_freq)
    emb(ids).sum().backward()
    return emb.weight.grad[:, 0]
'''),
        ("uses the notebook's V instead of num_embeddings", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.reshape(-1), minlength=V).float()
    return (counts > 0).float() if scale_grad_by_freq else counts
'''),
        ("counts / counts for the scaled case: nan for unseen rows", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.reshape(-1), minlength=num_embeddings).float()
    return counts / counts if scale_grad_by_freq else counts
'''),
        ("view(-1) on ids: fails for ids that are not contiguous", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.bincount(ids.view(-1), minlength=num_embeddings).float()
    return (counts > 0).float() if scale_grad_by_freq else counts
'''),
        ("one_hot without num_classes: length from the largest id", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.nn.functional.one_hot(ids.reshape(-1)).sum(dim=0).float()
    return (counts > 0).float() if scale_grad_by_freq else counts
'''),
        ("s[ids] += 1 (repeated ids counted once) and min(count, 1) when scaled", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    s = torch.zeros(num_embeddings)
    s[ids.reshape(-1)] += 1
    return s.clamp(max=1) if scale_grad_by_freq else s
'''),
        ("the scaled case as the ids' unique rows, but unscaled counts via unique on the first row only", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    s = torch.zeros(num_embeddings)
    rows, counts = torch.unique(ids[0], return_counts=True)
    s[rows] = 1.0 if scale_grad_by_freq else counts.float()
    return s
'''),
        ("runs autograd through an nn.Embedding inside torch.enable_grad instead of counting", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    with torch.enable_grad():
        emb = nn.Embedding(num_embeddings, 1, scale_grad_by_freq=scale_grad_by_freq)
        emb(ids).sum().backward()
    return emb.weight.grad[:, 0].clone()
'''),
    ],
    "lookup_backward": [
        ("assignment: repeated ids keep only the last gradient", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    grad[ids.reshape(-1)] = grad_out.reshape(-1, D)
    return grad
'''),
        ("+= with an index tensor (does not accumulate repeats)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    grad[ids.reshape(-1)] += grad_out.reshape(-1, D)
    return grad
'''),
        ("table size from the largest id instead of num_embeddings", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(int(ids.max()) + 1, D, dtype=grad_out.dtype)
    grad.index_add_(0, ids.reshape(-1), grad_out.reshape(-1, D))
    return grad
'''),
        ("float32 zeros whatever grad_out's dtype", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D)
    grad.index_add_(0, ids.reshape(-1), grad_out.reshape(-1, D))
    return grad
'''),
        ("index_add_ with the 2-D ids (not flattened)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    grad = torch.zeros(num_embeddings, grad_out.shape[-1], dtype=grad_out.dtype)
    grad.index_add_(0, ids, grad_out)
    return grad
'''),
        ("one-hot matrix product instead of index_add_ (not the method asked for)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    one_hot = torch.nn.functional.one_hot(ids.reshape(-1), num_embeddings).to(grad_out.dtype)   # (N, V)
    return one_hot.T @ grad_out.reshape(-1, D)
'''),
        ("view instead of reshape: fails on a grad_out that is not contiguous", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    grad.index_add_(0, ids.view(-1), grad_out.view(-1, D))
    return grad
'''),
        ("accumulates in float32, converts back at the end (loses float64 precision)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D)
    grad.index_add_(0, ids.reshape(-1), grad_out.reshape(-1, D).float())
    return grad.to(grad_out.dtype)
'''),
        ("D taken from grad_out.shape[1] instead of the last dimension", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    grad.index_add_(0, ids.reshape(-1), grad_out.reshape(-1, D))
    return grad
'''),
        ("rows via reshape(ids.numel(), -1): fails when there are no ids", '''
def lookup_backward(ids, grad_out, num_embeddings):
    rows = grad_out.reshape(ids.numel(), -1)                  # (N, D)
    grad = torch.zeros(num_embeddings, rows.shape[1], dtype=grad_out.dtype)
    grad.index_add_(0, ids.reshape(-1), rows)
    return grad
'''),
        ("ids.view(-1): fails for ids that are not contiguous", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    grad.index_add_(0, ids.view(-1), grad_out.reshape(-1, D))
    return grad
'''),
    ],
}

CORRECT_ANSWERS = {
    "df": [
        ("factored form x (2 sin x + x cos x)", '''
def df(x):
    return x * (2 * torch.sin(x) + x * torch.cos(x))
'''),
        ("NumPy on the values, back to a tensor of the same dtype", '''
import numpy as np

def df(x):
    a = x.detach().numpy()
    return torch.from_numpy(2 * a * np.sin(a) + a ** 2 * np.cos(a))
'''),
        ("method chain with torch.mul / torch.add", '''
def df(x):
    return torch.add(torch.mul(x.sin(), 2 * x), x.pow(2).mul(x.cos()))
'''),
        ("math on each value, torch.tensor(..., dtype=x.dtype).reshape(x.shape)", '''
def df(x):
    vals = [2 * v * math.sin(v) + v * v * math.cos(v) for v in x.reshape(-1).tolist()]
    return torch.tensor(vals, dtype=x.dtype).reshape(x.shape)
'''),
    ],
    "accumulate_grad": [
        ("sums first, then divides w.grad in place by N", '''
def accumulate_grad(loss_fn, w, chunks):
    if w.grad is not None:
        w.grad.zero_()
    total_rows = 0
    for chunk in chunks:
        loss_fn(w, chunk).backward()
        total_rows += len(chunk)
    with torch.no_grad():
        w.grad /= total_rows
    return w.grad
'''),
        ("backward with a gradient argument of 1/N, w.grad reset to zeros", '''
def accumulate_grad(loss_fn, w, chunks):
    w.grad = torch.zeros_like(w)
    n = sum(len(c) for c in chunks)
    for c in chunks:
        loss = loss_fn(w, c)
        loss.backward(torch.full_like(loss, 1.0 / n))
    return w.grad
'''),
        ("clears the stale gradient with an optimizer's zero_grad()", '''
def accumulate_grad(loss_fn, w, chunks):
    torch.optim.SGD([w], lr=0.0).zero_grad()
    total = sum(c.shape[0] for c in chunks)
    for c in chunks:
        loss = loss_fn(w, c) * (1.0 / total)
        loss.backward()
    return w.grad
'''),
    ],
    "numerical_grad": [
        ("out-of-place unit steps and float(): warns when x requires grad", '''
def numerical_grad(f, x, eps=1e-6):
    grad = torch.zeros_like(x, requires_grad=False)
    for i in range(x.numel()):
        step = torch.zeros(x.numel(), dtype=x.dtype)
        step[i] = eps
        step = step.reshape(x.shape)
        grad.view(-1)[i] = (float(f(x + step)) - float(f(x - step))) / (2 * eps)
    return grad
'''),
        ("multi-index loop with itertools.product under no_grad, differences kept as tensors", '''
import itertools

def numerical_grad(f, x, eps=1e-6):
    with torch.no_grad():
        work = x.detach().clone()
        grad = torch.empty_like(work)
        for idx in itertools.product(*[range(n) for n in work.shape]):
            saved = work[idx].clone()
            work[idx] = saved + eps
            up = f(work)
            work[idx] = saved - eps
            down = f(work)
            work[idx] = saved
            grad[idx] = (up - down) / (2 * eps)
    return grad
'''),
        ("nudges with += / -= on a copy, flat index through unravel", '''
def numerical_grad(f, x, eps=1e-6):
    work = x.detach().clone()
    out = torch.zeros_like(work)
    for k in range(work.numel()):
        idx = tuple(int(i) for i in torch.unravel_index(torch.tensor(k), work.shape))
        orig = work[idx].clone()
        work[idx] = orig + eps
        fp = f(work)
        work[idx] = orig - eps
        fm = f(work)
        work[idx] = orig
        out[idx] = (fp - fm) / (2 * eps)
    return out
'''),
    ],
    "grad_row_scale": [
        ("counts with collections.Counter in a Python loop", '''
from collections import Counter

def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = Counter(ids.flatten().tolist())
    values = [(1.0 if counts[r] else 0.0) if scale_grad_by_freq else float(counts[r]) for r in range(num_embeddings)]
    return torch.tensor(values, dtype=torch.float32)
'''),  # noqa: E501 - the learner's code as written
        ("index_add_ of ones, clamp(max=1) for the scaled case", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    flat = ids.reshape(-1)
    s = torch.zeros(num_embeddings).index_add_(0, flat, torch.ones(flat.numel()))
    return s.clamp(max=1.0) if scale_grad_by_freq else s
'''),
        ("torch.unique with counts; counts / counts.clamp(min=1) when scaled", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    s = torch.zeros(num_embeddings)
    rows, counts = torch.unique(ids, return_counts=True)
    s[rows] = counts.float()
    return s / s.clamp(min=1) if scale_grad_by_freq else s
'''),
        ("a histogram with torch.histc, one bin per row; sign() for the scaled case", '''
def grad_row_scale(ids, num_embeddings, scale_grad_by_freq=False):
    counts = torch.histc(ids.float(), bins=num_embeddings, min=0, max=num_embeddings)
    return counts.sign() if scale_grad_by_freq else counts
'''),
    ],
    "lookup_backward": [
        ("out-of-place torch.index_add on new_zeros, flatten(end_dim=-2)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    table = grad_out.new_zeros(num_embeddings, grad_out.shape[-1])
    return torch.index_add(table, 0, ids.flatten(), grad_out.flatten(end_dim=-2))
'''),
        ("index_add_ one position at a time in a loop", '''
def lookup_backward(ids, grad_out, num_embeddings):
    D = grad_out.shape[-1]
    rows = grad_out.reshape(-1, D)
    grad = torch.zeros(num_embeddings, D, dtype=grad_out.dtype)
    for p, i in enumerate(ids.reshape(-1).tolist()):
        grad.index_add_(0, torch.tensor([i]), rows[p:p + 1])
    return grad
'''),
        ("torch.index_add on zeros made with the table's size, flatten(0, -2)", '''
def lookup_backward(ids, grad_out, num_embeddings):
    src = grad_out.flatten(0, -2) if grad_out.dim() > 1 else grad_out
    zeros = torch.zeros((num_embeddings, grad_out.size(-1)), dtype=grad_out.dtype)
    return torch.index_add(zeros, 0, ids.flatten(), src)
'''),
    ],
}
