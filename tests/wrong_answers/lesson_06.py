"""Plausible wrong answers for lesson 06; each must lose its exercise's points.

{answer cell grade_id: [(what the mistake is, the whole answer cell as a learner might write it)]}
"""

LESSON = "06-word2vec"

WRONG_ANSWERS = {
    "keep_probability": [
        ("the paper's formula sqrt(sample / f) instead of the code's", '''
def keep_probability(count, total, sample=1e-3):
    f = count / total
    return min(1.0, math.sqrt(sample / f))
'''),
        ("no cap at 1", '''
def keep_probability(count, total, sample=1e-3):
    f = count / total
    return (math.sqrt(f / sample) + 1) * sample / f
'''),
        ("raw count used instead of the frequency count / total", '''
def keep_probability(count, total, sample=1e-3):
    return min(1.0, (math.sqrt(count / sample) + 1) * sample / count)
'''),
        ("threshold hard-coded to 1e-3 (sample argument ignored)", '''
def keep_probability(count, total, sample=1e-3):
    f = count / total
    return min(1.0, (math.sqrt(f / 1e-3) + 1) * 1e-3 / f)
'''),
    ],
    "skipgram_pairs": [
        ("off-by-one: range(i - b, i + b) misses the right end of the window", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b)):
            if j != i:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("negative positions wrap around to the end of the sentence", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(i - b, min(len(ids), i + b + 1)):
            if j != i:
                pairs.append((center, ids[j]))
    return pairs
'''),
        ("the center is paired with itself", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i, center in enumerate(ids):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            pairs.append((center, ids[j]))
    return pairs
'''),
        ("positions returned instead of ids", '''
def skipgram_pairs(ids, reduced):
    pairs = []
    for i in range(len(ids)):
        b = reduced[i]
        for j in range(max(0, i - b), min(len(ids), i + b + 1)):
            if j != i:
                pairs.append((i, j))
    return pairs
'''),
    ],
    "noise_distribution": [
        ("normalized before raising to the power (does not sum to 1)", '''
def noise_distribution(counts, power=0.75):
    p = counts.float() / counts.sum()
    return p ** power
'''),
        ("not normalized", '''
def noise_distribution(counts, power=0.75):
    return counts.float() ** power
'''),
        ("power argument ignored (0.75 hard-coded)", '''
def noise_distribution(counts, power=0.75):
    w = counts.float() ** 0.75
    return w / w.sum()
'''),
        ("float64 probabilities", '''
def noise_distribution(counts, power=0.75):
    w = counts.double() ** power
    return w / w.sum()
'''),
    ],
    "sgns_loss": [
        ("wrong sign: noise scores enter as +u.v", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(neg).sum(dim=1)).mean()
'''),
        ("averaged over the K noise words instead of summed", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).mean(dim=1)).mean()
'''),
        ("torch.log(torch.sigmoid(x)): -inf for large scores", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(torch.log(torch.sigmoid(pos)) + torch.log(torch.sigmoid(-neg)).sum(dim=1)).mean()
'''),
        ("summed over the batch instead of averaged", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return -(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).sum()
'''),
        ("loss detached to a Python float inside a tensor (no gradient)", '''
def sgns_loss(v, u_pos, u_neg):
    pos = (u_pos * v).sum(dim=1)
    neg = torch.bmm(u_neg, v.unsqueeze(2)).squeeze(2)
    return torch.tensor(-(F.logsigmoid(pos) + F.logsigmoid(-neg).sum(dim=1)).mean().item())
'''),
    ],
    "train_step": [
        ("forgets optimizer.zero_grad()", '''
def train_step(emb_in, emb_out, optimizer, centers, contexts, negatives):
    loss = word2vec.sgns_loss(emb_in(centers), emb_out(contexts), emb_out(negatives))
    loss.backward()
    optimizer.step()
    return loss.item()
'''),
        ("gradient ascent: maximizes the loss", '''
def train_step(emb_in, emb_out, optimizer, centers, contexts, negatives):
    optimizer.zero_grad()
    loss = word2vec.sgns_loss(emb_in(centers), emb_out(contexts), emb_out(negatives))
    (-loss).backward()
    optimizer.step()
    return loss.item()
'''),
        ("returns the tensor instead of a float", '''
def train_step(emb_in, emb_out, optimizer, centers, contexts, negatives):
    optimizer.zero_grad()
    loss = word2vec.sgns_loss(emb_in(centers), emb_out(contexts), emb_out(negatives))
    loss.backward()
    optimizer.step()
    return loss
'''),
        ("forgets optimizer.step()", '''
def train_step(emb_in, emb_out, optimizer, centers, contexts, negatives):
    optimizer.zero_grad()
    loss = word2vec.sgns_loss(emb_in(centers), emb_out(contexts), emb_out(negatives))
    loss.backward()
    return loss.item()
'''),
        ("one table for centers and contexts", '''
def train_step(emb_in, emb_out, optimizer, centers, contexts, negatives):
    optimizer.zero_grad()
    loss = word2vec.sgns_loss(emb_in(centers), emb_in(contexts), emb_in(negatives))
    loss.backward()
    optimizer.step()
    return loss.item()
'''),
    ],
}
