"""Plausible wrong answers for lesson 04; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
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
    ],
    "minibatch_indices": [
        ("drops the last, partial batch", '''
def minibatch_indices(num_examples, batch_size, generator=None):
    order = torch.arange(num_examples) if generator is None else torch.randperm(num_examples, generator=generator)
    return [order[s:s + batch_size] for s in range(0, num_examples - batch_size + 1, batch_size)]
'''),
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
'''),
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
    ],
}
