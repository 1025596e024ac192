"""Real text and vectors, offline, from files that installed packages ship.

Introduced in lesson 01. Nothing here touches the network: gensim's wheel carries a
few real corpora and benchmarks under ``gensim/test/test_data/`` and we read them from
there.

Example:
    >>> from embedlab.data import load_lee_corpus
    >>> docs = load_lee_corpus()
    >>> len(docs), docs[0][:4]
    (300, ['hundreds', 'of', 'people', 'have'])
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import os
import re
import tempfile
from pathlib import Path

import torch

from embedlab.vectors_file import read_vectors

#: Files the course reads, by short name. All of them ship inside gensim's wheel.
DATA_FILES: dict[str, str] = {
    "lee": "lee_background.cor",  # 300 news paragraphs from the Lee corpus, ~58k tokens
    "enwiki": "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2",
    "wordsim353": "wordsim353.tsv",
    "simlex999": "simlex999.txt",
    "analogies": "questions-words.txt",
    "polarity": "pang_lee_polarity.cor",
    "glove_sample": "test_glove.txt",
}

_WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def datapath(name: str) -> Path:
    """Return the path of a course data file, given its short name or file name.

    Raises:
        KeyError: the name is not one of :data:`DATA_FILES`.
        FileNotFoundError: gensim is installed without its test data.
    """
    filename = DATA_FILES.get(name, name)
    if filename not in DATA_FILES.values():
        known = ", ".join(sorted(DATA_FILES))
        raise KeyError(f"unknown data set {name!r}; choose one of: {known}")
    # Find gensim's folder without importing gensim (the import alone costs seconds).
    spec = importlib.util.find_spec("gensim")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the course data ships with gensim; install the course with `make lab`")
    path = Path(list(spec.submodule_search_locations)[0]) / "test" / "test_data" / filename
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: reinstall gensim (`pip install --force-reinstall gensim`)"
        )
    return path


def tokenize(text: str) -> list[str]:
    """Lower-case ``text`` and split it into words (letters, with inner apostrophes).

    >>> tokenize("The cat's mat -- 2 cats!")
    ['the', "cat's", 'mat', 'cats']
    """
    if not isinstance(text, str):
        raise TypeError(f"tokenize expects a str, got {type(text).__name__}")
    return _WORD.findall(text.lower())


def load_lee_corpus() -> list[list[str]]:
    """The 300 Lee background news paragraphs, each a list of lower-cased tokens."""
    with open(datapath("lee"), encoding="utf-8") as handle:
        return [tokenize(line) for line in handle if line.strip()]


def load_glove_sample() -> tuple[list[str], torch.Tensor]:
    """The small sample of real 50-d GloVe vectors that gensim ships.

    Returns the words and a float32 tensor of shape (num_words, 50), row i for words[i].
    The sample holds the 76 most frequent tokens (mostly function words).
    """
    return read_vectors(datapath("glove_sample"), header=False)  # (V, 50)


def load_wiki_corpus() -> list[list[str]]:
    """The 106 English Wikipedia articles gensim ships, each a list of lower-case tokens.

    Introduced in lesson 06 (training word embeddings). Parsed with gensim's
    ``WikiCorpus(path, dictionary={})`` (about 453k tokens, unstemmed; markup removed).
    The parse (about 2.5 s with gensim's import) is kept in memory and in a plain-text cache
    file (see :func:`wiki_cache_path`), so later runs, other notebooks and graded submissions
    read it in a fraction of that. Each call returns fresh lists: changing them does not
    change later calls.

    Example (a few seconds the first time, while gensim parses the dump; the cache file's
    name says which gensim made it)::

        articles = load_wiki_corpus()  # 106 lists of tokens

    >>> wiki_cache_path().name.startswith("enwiki-")
    True
    """
    return [list(article) for article in _wiki_corpus_cached()]


_WIKI_CACHE_HEADER = "embedlab wiki cache v1"


def wiki_cache_path() -> Path:
    """Where the parsed Wikipedia articles are cached.

    ``$EMBEDLAB_CACHE`` if set, else ``$XDG_CACHE_HOME/embedlab`` or ``~/.cache/embedlab``. The
    file name holds the source file's size and modification time and gensim's version, so a
    different gensim install never reads a stale parse. Delete the folder to start afresh.
    """
    base = os.environ.get("EMBEDLAB_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "embedlab")
    source = datapath("enwiki")
    stat = source.stat()
    version = importlib.metadata.version("gensim")
    return Path(base) / f"enwiki-{stat.st_size}-{stat.st_mtime_ns}-gensim{version}.txt"


def _read_wiki_cache(path: Path) -> tuple[tuple[str, ...], ...] | None:
    """The cached articles, or None when the file is missing, truncated or not ours."""
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None
    header, _, count = lines[0].rpartition(" ")
    if header != _WIKI_CACHE_HEADER or not count.isdigit() or len(lines) != int(count) + 2 or lines[-1] != "":
        return None
    return tuple(tuple(line.split()) for line in lines[1:-1])


def _write_wiki_cache(path: Path, articles: tuple[tuple[str, ...], ...]) -> None:
    """Write the cache atomically (a reader never sees half a file); give up quietly if we can't."""
    if any(not token or any(ch.isspace() for ch in token) for article in articles for token in article):
        return  # the one-line-per-article format cannot hold such tokens; parse next time instead
    text = "\n".join([f"{_WIKI_CACHE_HEADER} {len(articles)}", *(" ".join(a) for a in articles)]) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".enwiki-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError:
        return  # a read-only home: the corpus is still returned, only not cached


def _parse_wiki() -> tuple[tuple[str, ...], ...]:
    from gensim.corpora.wikicorpus import WikiCorpus

    # dictionary={} skips gensim's own vocabulary pass; get_texts() yields token lists
    wiki = WikiCorpus(str(datapath("enwiki")), dictionary={})
    return tuple(tuple(article) for article in wiki.get_texts())


@functools.lru_cache(maxsize=1)
def _wiki_corpus_cached() -> tuple[tuple[str, ...], ...]:
    path = wiki_cache_path()
    articles = _read_wiki_cache(path)
    if articles is None:
        articles = _parse_wiki()
        _write_wiki_cache(path, articles)
    return articles
