"""Plausible wrong answers for lesson 03; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
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
    ],
}
