"""Plausible wrong answers for lesson 04, each of which must lose its exercise's points, and
correct answers written differently from the solution, each of which must earn full marks.

{answer cell grade_id: [(what the mistake is / how it differs,
                         the whole answer cell as a learner might write it)]}
"""

LESSON = "04-gradient-descent"

WRONG_ANSWERS = {
    "gradient_step": [
        ("wrong sign: steps up the gradient", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w + lr * (2 * r * x).mean().item(), b + lr * (2 * r).mean().item()
'''),
        ("forgets the factor 2 of the derivative", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w - lr * (r * x).mean().item(), b - lr * r.mean().item()
'''),
        ("b's gradient computed with the already-updated w", '''
def gradient_step(w, b, x, y, lr):
    w = w - lr * (2 * (w * x + b - y) * x).mean().item()
    b = b - lr * (2 * (w * x + b - y)).mean().item()
    return w, b
'''),
        ("sum instead of mean over the points", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w - lr * (2 * r * x).sum().item(), b - lr * (2 * r).sum().item()
'''),
        ("returns 0-d tensors instead of floats", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w - lr * (2 * r * x).mean(), b - lr * (2 * r).mean()
'''),
        ("wrong sign on b only", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w - lr * (2 * r * x).mean().item(), b + lr * (2 * r).mean().item()
'''),
        ("uses the notebook's x_obs and y_obs instead of x and y", '''
def gradient_step(w, b, x, y, lr):
    r = w * x_obs + b - y_obs
    return w - lr * (2 * r * x_obs).mean().item(), b - lr * (2 * r).mean().item()
'''),
        ("dL/dw as mean(r) * mean(x) instead of mean(r * x)", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    return w - lr * 2 * r.mean().item() * x.mean().item(), b - lr * (2 * r).mean().item()
'''),
        ("autograd instead of the formulas by hand", '''
def gradient_step(w, b, x, y, lr):
    wt = torch.tensor(w, requires_grad=True)
    bt = torch.tensor(b, requires_grad=True)
    ((wt * x + bt - y) ** 2).mean().backward()
    return w - lr * wt.grad.item(), b - lr * bt.grad.item()
'''),
        ("autograd under torch.enable_grad() (not by hand)", '''
def gradient_step(w, b, x, y, lr):
    with torch.enable_grad():
        wt = torch.tensor(w, dtype=x.dtype, requires_grad=True)
        bt = torch.tensor(b, dtype=x.dtype, requires_grad=True)
        ((wt * x + bt - y) ** 2).mean().backward()
    return w - lr * wt.grad.item(), b - lr * bt.grad.item()
'''),
        ("torch.func.grad of the MSE (not by hand)", '''
from torch.func import grad

def gradient_step(w, b, x, y, lr):
    gw, gb = grad(lambda p: ((p[0] * x + p[1] - y) ** 2).mean())(torch.tensor([w, b], dtype=x.dtype))
    return w - lr * gw.item(), b - lr * gb.item()
'''),
        ("right numbers, but y reused as a buffer for the residuals (changes the caller's y)", '''
def gradient_step(w, b, x, y, lr):
    y -= w * x + b            # y now holds minus the residuals
    grad_w = (-2 * y * x).mean().item()
    grad_b = (-2 * y).mean().item()
    return w - lr * grad_w, b - lr * grad_b
'''),
    ],
    "train_loop": [
        ("never calls zero_grad: gradients accumulate", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("zero_grad between backward and step: nothing moves", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        loss = compute_loss()
        loss.backward()
        optimizer.zero_grad()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("step before backward: each step uses the previous gradient", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        loss = compute_loss()
        optimizer.step()
        optimizer.zero_grad()
        loss.backward()
        losses.append(loss.item())
    return losses
'''),
        ("wrong sign: maximize=True climbs the loss", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr, maximize=True)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("records the loss tensors instead of floats", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss)
    return losses
'''),
        ("hand-written update with the wrong sign (no optimizer)", '''
def train_loop(params, compute_loss, lr, steps):
    losses = []
    for _ in range(steps):
        for p in params:
            p.grad = None
        loss = compute_loss()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p += lr * p.grad
        losses.append(loss.item())
    return losses
'''),
        ("ignores lr (SGD with a fixed lr=0.01)", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=0.01)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("zero_grad once before the loop, never inside it", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    optimizer.zero_grad()
    losses = []
    for _ in range(steps):
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("wrong sign: backward on the negated loss", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        (-loss).backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
        ("hand-written update instead of torch.optim.SGD (right numbers, not the method asked for)", '''
def train_loop(params, compute_loss, lr, steps):
    losses = []
    for _ in range(steps):
        for p in params:
            p.grad = None
        loss = compute_loss()
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
        losses.append(loss.item())
    return losses
'''),
        ("records the loss recomputed after the step", '''
def train_loop(params, compute_loss, lr, steps):
    opt = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        compute_loss().backward()
        opt.step()
        losses.append(compute_loss().item())
    return losses
'''),
        ("SGD with momentum 0.9 instead of plain SGD", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr, momentum=0.9)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(loss.item())
    return losses
'''),
    ],
    "learning_rate_range": [
        ("the whole slider range, divergence included", '''
def learning_rate_range():
    return (0.005, 0.35)
'''),
        ("stopped at the first zig-zag (1 / lambda_max) instead of the end of the range", '''
def learning_rate_range():
    return (0.07, 0.14)
'''),
        ("upper end past the divergence point", '''
def learning_rate_range():
    return (0.07, 0.3)
'''),
        ("lower end far too small (100 steps are not enough there)", '''
def learning_rate_range():
    return (0.01, 0.275)
'''),
        ("range given in the wrong order", '''
def learning_rate_range():
    return (0.275, 0.07)
'''),
        ("one slider step below the lower end (not within 5 % there)", '''
def learning_rate_range():
    return (0.065, 0.275)
'''),
        ("one slider step above the upper end (not within 5 % there)", '''
def learning_rate_range():
    return (0.07, 0.28)
'''),
        ("one slider step short of both ends", '''
def learning_rate_range():
    return (0.075, 0.27)
'''),
        ("upper end from the formula 2 / lambda_max (the loss does not converge there)", '''
def learning_rate_range():
    return (0.07, 0.281)
'''),
        ("'within 5 %' read as within 0.05 of the best loss", '''
def learning_rate_range():
    return (0.055, 0.275)
'''),
        ("within 1 % instead of 5 %", '''
def learning_rate_range():
    return (0.09, 0.275)
'''),
    ],
    "minibatch_indices": [
        ("drops the last, partial batch", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return [order[s:s + batch_size] for s in range(0, num_examples - batch_size + 1, batch_size)]
'''),  # noqa: E501 - the learner's code as written
        ("shuffles with the global random state, ignoring the generator", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples)
    return [order[s:s + batch_size] for s in range(0, num_examples, batch_size)]
'''),
        ("samples with replacement (randint) instead of a permutation", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(num_examples)
    else:
        order = torch.randint(0, num_examples, (num_examples,), generator=generator)
    return [order[s:s + batch_size] for s in range(0, num_examples, batch_size)]
'''),
        ("off by one: consecutive batches overlap by one index", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return [order[s:s + batch_size + 1] for s in range(0, num_examples, batch_size)]
'''),  # noqa: E501 - the learner's code as written
        ("float indices (arange of floats)", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(float(num_examples))
    else:
        order = torch.randperm(num_examples, generator=generator).float()
    return [order[s:s + batch_size] for s in range(0, num_examples, batch_size)]
'''),
        ("shuffles only inside each batch", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    batches = [torch.arange(s, min(s + batch_size, num_examples)) for s in range(0, num_examples, batch_size)]
    if generator is not None:
        batches = [b[torch.randperm(len(b), generator=generator)] for b in batches]
    return batches
'''),
        ("torch.split: one empty batch when there are no examples", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return list(order.split(batch_size))
'''),  # noqa: E501 - the learner's code as written
        ("last start at num_examples - 1 excluded: loses a final batch of one", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return [order[s:s + batch_size] for s in range(0, num_examples - 1, batch_size)]
'''),  # noqa: E501 - the learner's code as written
        ("a fixed seed inside instead of the given generator", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(num_examples)
    else:
        order = torch.randperm(num_examples, generator=torch.Generator().manual_seed(0))
    return [order[s:s + batch_size] for s in range(0, num_examples, batch_size)]
'''),
        ("torch.chunk into ceil(n / batch_size) pieces (chunk sizes are balanced, not batch_size)", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(num_examples)
    else:
        order = torch.randperm(num_examples, generator=generator)
    return list(torch.chunk(order, math.ceil(num_examples / batch_size)))
'''),
        ("range(0, num_examples + 1, ...): an extra empty batch when batch_size divides num_examples", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return [order[i:i + batch_size] for i in range(0, num_examples + 1, batch_size)]
'''),  # noqa: E501 - the learner's code as written
        ("seeds the global random state from the generator's seed, then shuffles with it", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(num_examples)
    else:
        torch.manual_seed(generator.initial_seed())
        order = torch.randperm(num_examples)
    return [order[s:s + batch_size] for s in range(0, num_examples, batch_size)]
'''),
    ],
    "early_stopping": [
        ("best epoch taken over the whole list, including epochs after stopping", '''
def early_stopping(val_losses, patience):
    best, waited, stop = math.inf, 0, len(val_losses)
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
            if waited >= patience:
                stop = epoch
                break
    best_epoch = min(range(len(val_losses)), key=lambda i: val_losses[i]) + 1
    return best_epoch, stop
'''),
        ("ties count as improvements (<= instead of <)", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss <= best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("0-based epoch numbers", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses) - 1
'''),
        ("patience off by one (waits patience + 1 epochs)", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited > patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("counter not reset by an improvement", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch = loss, epoch
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("pops the epochs off the caller's list", '''
def early_stopping(val_losses, patience):
    n = len(val_losses)
    best_loss, best_epoch, waited, epoch = math.inf, 0, 0, 0
    while val_losses:
        loss = val_losses.pop(0)
        epoch += 1
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, n
'''),
        ("a large number instead of infinity as the first best loss", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = 1e9, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("an improvement must beat the best by a margin of 1e-6", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss - 1e-6:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("starts from the first loss: fails on an empty list", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = val_losses[0], 1, 0
    for epoch, loss in enumerate(val_losses[1:], start=2):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
        ("improvement measured against the previous epoch, not the best so far", '''
def early_stopping(val_losses, patience):
    best_epoch, best, waited, prev = 0, math.inf, 0, math.inf
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best:
            best, best_epoch = loss, epoch
        if loss < prev:
            waited = 0
        else:
            waited += 1
            if waited >= patience:
                return best_epoch, epoch
        prev = loss
    return best_epoch, len(val_losses)
'''),
        ("converts the losses to a float32 tensor first (tiny improvements become ties)", '''
def early_stopping(val_losses, patience):
    losses = torch.tensor(val_losses)
    best_epoch, waited = 0, 0
    for epoch in range(1, len(losses) + 1):
        if best_epoch == 0 or losses[epoch - 1] < losses[best_epoch - 1]:
            best_epoch, waited = epoch, 0
        else:
            waited += 1
            if waited == patience:
                return best_epoch, epoch
    return best_epoch, len(losses)
'''),
        ("right numbers, but deletes the epochs after stopping from the caller's list", '''
def early_stopping(val_losses, patience):
    best_loss, best_epoch, waited = math.inf, 0, 0
    for epoch, loss in enumerate(val_losses, start=1):
        if loss < best_loss:
            best_loss, best_epoch, waited = loss, epoch, 0
        else:
            waited += 1
            if waited >= patience:
                del val_losses[epoch:]        # the run never saw these
                return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
    ],
}

CORRECT_ANSWERS = {
    "gradient_step": [
        ("sums divided by len(x), float() instead of .item()", '''
def gradient_step(w, b, x, y, lr):
    n = len(x)
    r = w * x + b - y
    grad_w = float((2 * r * x).sum()) / n
    grad_b = float((2 * r).sum()) / n
    return (w - lr * grad_w, b - lr * grad_b)
'''),
        ("a plain Python loop over the values", '''
def gradient_step(w, b, x, y, lr):
    xs, ys = x.tolist(), y.tolist()
    gw = gb = 0.0
    for xi, yi in zip(xs, ys):
        r = w * xi + b - yi
        gw += 2 * r * xi
        gb += 2 * r
    return w - lr * gw / len(xs), b - lr * gb / len(xs)
'''),
        ("torch.dot for the slope's derivative", '''
def gradient_step(w, b, x, y, lr):
    r = w * x + b - y
    grad_w = 2 * torch.dot(r, x).item() / x.numel()
    grad_b = 2 * r.sum().item() / x.numel()
    new_w, new_b = w - lr * grad_w, b - lr * grad_b
    return new_w, new_b
'''),
        ("NumPy on the values, float() at the end", '''
import numpy as np

def gradient_step(w, b, x, y, lr):
    xs, ys = x.numpy().astype(np.float64), y.numpy().astype(np.float64)
    r = w * xs + b - ys
    return float(w - lr * np.mean(2 * r * xs)), float(b - lr * np.mean(2 * r))
'''),
    ],
    "train_loop": [
        ("float(loss) instead of loss.item(): warns because the loss requires grad", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)
    losses = []
    for _ in range(steps):
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        optimizer.step()
        losses.append(float(loss))
    return losses
'''),
        ("zero_grad(set_to_none=False) at the end of each step, a while loop, lr given positionally", '''
def train_loop(params, compute_loss, lr, steps):
    opt = torch.optim.SGD(list(params), lr)
    history = []
    step = 0
    while step < steps:
        loss = compute_loss()
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=False)
        history += [loss.detach().item()]
        step += 1
    return history
'''),
        ("a new SGD optimizer every iteration (plain SGD keeps no state), losses via detach().item()", '''
def train_loop(params, compute_loss, lr, steps):
    history = []
    for step in range(steps):
        opt = torch.optim.SGD(params, lr)
        opt.zero_grad()
        loss = compute_loss()
        history.append(loss.detach().item())
        loss.backward()
        opt.step()
    return history
'''),
        ("optimizer.step(closure): the closure zeroes, computes the loss and calls backward", '''
def train_loop(params, compute_loss, lr, steps):
    optimizer = torch.optim.SGD(params, lr=lr)

    def closure():
        optimizer.zero_grad()
        loss = compute_loss()
        loss.backward()
        return loss

    return [optimizer.step(closure).item() for _ in range(steps)]
'''),
    ],
    "learning_rate_range": [
        ("a finer upper end than the slider shows (typed in)", '''
def learning_rate_range():
    return (7e-2, 0.2775)
'''),
        ("found by running every slider value with the lesson's descend()", '''
def learning_rate_range():
    good = []
    for k in range(1, 71):
        lr = round(0.005 * k, 3)
        path, _ = descend(lambda p: torch.optim.SGD(p, lr=lr))
        if mse(*path[-1]).item() <= 1.05 * best_loss:
            good.append(lr)
    return min(good), max(good)
'''),
        ("a NumPy scan of the slider values in plain float64 (returns NumPy floats)", '''
import numpy as np

def learning_rate_range():
    xs, ys = x_obs.double().numpy(), y_obs.double().numpy()
    best = np.mean((best_w * xs + best_b - ys) ** 2)
    good = []
    for lr in np.round(np.arange(1, 71) * 0.005, 3):
        w, b = -1.0, 3.0
        for _ in range(100):
            r = w * xs + b - ys
            w, b = w - lr * np.mean(2 * r * xs), b - lr * np.mean(2 * r)
        if np.mean((w * xs + b - ys) ** 2) <= 1.05 * best:
            good.append(lr)
    return good[0], good[-1]
'''),
    ],
    "minibatch_indices": [
        ("a generator that yields each batch", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = torch.arange(num_examples)
    else:
        order = torch.randperm(num_examples, generator=generator)
    start = 0
    while start < num_examples:
        yield order[start:start + batch_size]
        start += batch_size
'''),
        ("torch.split, with no batches for no examples", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if num_examples == 0:
        return []
    perm = torch.randperm(num_examples, generator=generator) if generator is not None else torch.arange(num_examples)
    return perm.split(batch_size)
'''),  # noqa: E501 - the learner's code as written
        ("the order as a Python list, one torch.tensor per batch", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    if generator is None:
        order = list(range(num_examples))
    else:
        order = torch.randperm(num_examples, generator=generator).tolist()
    batches = []
    while order:
        batches.append(torch.tensor(order[:batch_size], dtype=torch.long))
        order = order[batch_size:]
    return batches
'''),
        ("torch.utils.data samplers (RandomSampler shuffles with torch.randperm and the generator)", '''
from torch.utils.data import BatchSampler, RandomSampler, SequentialSampler

def minibatch_indices(num_examples, batch_size, generator=None):
    if num_examples == 0:
        return []
    if generator is None:
        sampler = SequentialSampler(range(num_examples))
    else:
        sampler = RandomSampler(range(num_examples), generator=generator)
    return [torch.tensor(b, dtype=torch.long) for b in BatchSampler(sampler, batch_size, drop_last=False)]
'''),
    ],
    "early_stopping": [
        ("indexes the best loss in the list instead of keeping it", '''
def early_stopping(val_losses, patience):
    best_epoch, waited = 0, 0
    for i, loss in enumerate(val_losses):
        if best_epoch == 0 or loss < val_losses[best_epoch - 1]:
            best_epoch, waited = i + 1, 0
        else:
            waited += 1
            if waited == patience:
                return (best_epoch, i + 1)
    return (best_epoch, len(val_losses))
'''),
        ("NumPy: running minimum, then argmin over the epochs seen", '''
import numpy as np

def early_stopping(val_losses, patience):
    losses = np.asarray(val_losses, dtype=float)
    if losses.size == 0:
        return (0, 0)
    running_min = np.minimum.accumulate(losses)
    improved = np.concatenate([[True], losses[1:] < running_min[:-1]])
    stop, waited = len(losses), 0
    for epoch, better in enumerate(improved, start=1):
        waited = 0 if better else waited + 1
        if waited >= patience:
            stop = epoch
            break
    return (np.argmin(losses[:stop]) + 1, stop)
'''),
        ("stops when epoch - best_epoch reaches patience (no separate counter)", '''
def early_stopping(val_losses, patience):
    best, best_epoch = None, 0
    for epoch, loss in enumerate(val_losses, 1):
        if best is None or loss < best:
            best, best_epoch = loss, epoch
        elif epoch - best_epoch >= patience:
            return best_epoch, epoch
    return best_epoch, len(val_losses)
'''),
    ],
}
