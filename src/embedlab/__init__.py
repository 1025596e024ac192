"""embedlab: the small helper package behind the course *Embeddings in PyTorch*.

Each module holds one idea and names the lesson that introduced it:

- :mod:`embedlab.data` -- real text and vectors that ship with installed packages (lesson 01)
- :mod:`embedlab.vocabulary` -- token <-> id tables with an unknown token (lesson 01)
- :mod:`embedlab.onehot` -- one-hot encoding and what it costs (lesson 01)
- :mod:`embedlab.similarity` -- cosine similarity and nearest neighbours (lesson 01)
- :mod:`embedlab.plotting` -- titled, labelled figures in one call (lesson 01)
- :mod:`embedlab.timing` -- a small timer for side-by-side measurements (lesson 01)
"""

__version__ = "0.1.0"
