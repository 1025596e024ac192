"""embedlab: the small helper package behind the course *Embeddings in PyTorch*.

Each module holds one idea and names the lesson that introduced it. Lessons use these as
reference implementations, so a lesson keeps working whatever state the learner's own
exercise answers are in.

Lesson 01 -- one-hot vectors vs embeddings
    :mod:`embedlab.data` (real text and vectors shipped inside installed packages),
    :mod:`embedlab.vocabulary` (token <-> id tables with an unknown token; ``"<pad>"`` = 0 and
    ``"<unk>"`` = 1 when batches are padded),
    :mod:`embedlab.onehot` (one-hot encoding and what it costs),
    :mod:`embedlab.similarity` (cosine similarity and nearest neighbours),
    :mod:`embedlab.plotting` (titled, labelled figures), :mod:`embedlab.timing` (fair timings)
Lesson 02 -- :mod:`embedlab.tensors` (batch lookup, pairwise distances); padding and masks
    come from :mod:`embedlab.sequences`, train-only standardization (population std) from
    :mod:`embedlab.scaling`
Lesson 03 -- :mod:`embedlab.autograd` (finite-difference gradients, the backward of a lookup)
Lesson 04 -- :mod:`embedlab.training` (the zero_grad/backward/step loop, mini-batches, early
    stopping, loss history)
Lesson 05 -- :mod:`embedlab.glove` (GloVe text-format reader), :mod:`embedlab.lookup`
    (validated lookups over saved tables, pretrained tables with <pad> and <unk> rows)
Lesson 06 -- :mod:`embedlab.word2vec` (fast skip-gram with negative sampling),
    :mod:`embedlab.word_vectors` (a table of word vectors: lookups, neighbours, word2vec text files),
    :mod:`embedlab.ppmi` (count-based vectors: PPMI and a truncated SVD),
    :mod:`embedlab.evaluation` (word-similarity Spearman with coverage, analogies, neighbours)
Lesson 07 -- :mod:`embedlab.sequences` (padding with ``padding_idx``, masks from lengths,
    masked means, packed sequences),
    :mod:`embedlab.sentiment` (the polarity sentences, classifiers, cross-validation),
    :mod:`embedlab.recommend` (low-rank ratings with known truth, dot-product model),
    :mod:`embedlab.tabular` (a many-level category beside numeric features; it re-exports
    lesson 02's ``standardize``)
Lesson 08 -- :mod:`embedlab.subwords` (hashed character n-grams in an ``nn.EmbeddingBag``, BPE
    merges), :mod:`embedlab.retrieval` (exact top-k, a k-means inverted file, recall@k),
    :mod:`embedlab.positions` (sinusoidal position vectors), :mod:`embedlab.attention` (one
    masked self-attention layer)
Every lesson's test cells -- :mod:`embedlab.plain` (answers turned into plain data with the real
    methods before any comparison; subclasses rejected), and, when a class is graded,
    :mod:`embedlab.crossing` (the plain data that crosses between a learner's kernel and the
    grader's judge) and :mod:`embedlab.kernel_side` (the kernel's answers to the judge;
    ``@in_kernel`` helpers of a test cell)
Tools, one subpackage per role --
    :mod:`embedlab.lab` (JupyterLab for learners and for instructors: ``make lab``, ``make instructor``),
    :mod:`embedlab.checkwork` (check my work: a lesson's hidden tests on the learner's notebook),
    :mod:`embedlab.notebook` (what those and the instructor's grader, the separate package
    ``embedlab_grader``, share: cell roles, demo cells, kernel waits without stalls)
Shared plumbing -- :mod:`embedlab.vectors_file` (the one reader of word-vector text files, for
    lessons 02, 05 and 06) and ``embedlab._checks`` (argument checks with one wording)

Example:
    >>> import embedlab
    >>> embedlab.__version__
    '0.1.0'
"""

__version__ = "0.1.0"
