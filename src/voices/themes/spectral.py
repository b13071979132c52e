"""Spectral clustering of comment vectors on a nearest-neighbour graph.

Why spectral rather than plain k-means: short comments sit in thin, curved groups that k-means
cuts by seed; the leading eigenvectors of the neighbour graph barely move with the seed, and the
column-pivoted QR rounding (Damle, Minden and Ying, 2019) turns them into labels with no
random restarts at all. The eigenvalues come for free and choose the number of themes.
"""

from __future__ import annotations

import numpy as np
from scipy import linalg, sparse
from scipy.sparse.linalg import LinearOperator, eigsh


def neighbour_graph(vectors: np.ndarray, n_neighbors: int, chunk: int = 2048) -> sparse.csr_matrix:
    """Symmetric graph joining each unit vector to its nearest neighbours, weighted by cosine.

    Rows are unit length, so cosine is a dot product: a chunked float32 matrix product and a
    partial sort keep memory at chunk x n instead of scikit-learn's full distance blocks.
    """
    n = len(vectors)
    n_neighbors = min(n_neighbors, n - 1)
    data = np.asarray(vectors, dtype=np.float32)
    indices = np.empty((n, n_neighbors), dtype=np.int64)
    weights = np.empty((n, n_neighbors), dtype=np.float32)
    for start in range(0, n, chunk):
        block = data[start : start + chunk] @ data.T
        rows = np.arange(len(block))
        block[rows, start + rows] = -np.inf  # a comment is not its own neighbour
        nearest = np.argpartition(-block, n_neighbors - 1, axis=1)[:, :n_neighbors]
        indices[start : start + chunk] = nearest
        weights[start : start + chunk] = block[rows[:, None], nearest]
    graph = sparse.csr_matrix(
        (np.clip(weights.ravel(), 1e-3, None), (np.repeat(np.arange(n), n_neighbors), indices.ravel())),
        shape=(n, n),
    )
    return graph.maximum(graph.T).tocsr()


def leading_eigenvectors(
    graph: sparse.csr_matrix, n_vectors: int, random_state: int
) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and the matching embedding of the regularised, normalised graph.

    Comments repeated word for word ("Excellent" a hundred times) form cliques cut off from the
    rest, and each would take an eigenvector of its own. Adding a tenth of the mean degree,
    spread over all pairs as weak edges (regularised spectral clustering, Qin and Rohe 2013), stops that.
    """
    n = graph.shape[0]
    degree = np.asarray(graph.sum(axis=1)).ravel()
    spread = 0.1 * degree.mean()
    inverse_root = 1.0 / np.sqrt(degree + spread)

    def apply(x: np.ndarray) -> np.ndarray:
        scaled = inverse_root[:, None] * x.reshape(n, -1)
        mixed = graph @ scaled + (spread / n) * scaled.sum(axis=0, keepdims=True)
        return (inverse_root[:, None] * mixed).reshape(x.shape)

    normalised = LinearOperator((n, n), matvec=apply, matmat=apply, dtype=np.float64)
    start = np.random.default_rng(random_state).uniform(-1, 1, n)
    values, vectors = eigsh(normalised, k=n_vectors, which="LA", v0=start, tol=1e-6)
    order = np.argsort(values)[::-1]
    return values[order], vectors[:, order] * inverse_root[:, None]


def choose_by_eigengap(eigenvalues: np.ndarray, low: int, high: int) -> int:
    """The k in [low, high] after which the eigenvalues drop the most."""
    high = min(high, len(eigenvalues) - 1)
    if high <= low:
        return max(1, min(low, len(eigenvalues)))
    gaps = eigenvalues[low - 1 : high] - eigenvalues[low : high + 1]
    return low + int(np.argmax(gaps))


def pivoted_qr_labels(embedding: np.ndarray) -> np.ndarray:
    """Deterministic rounding of a spectral embedding into one label per row."""
    n_clusters = embedding.shape[1]
    _, _, pivots = linalg.qr(embedding.T, pivoting=True, mode="economic")
    left, _, right = linalg.svd(embedding[pivots[:n_clusters]].T)
    return np.abs(embedding @ (left @ right)).argmax(axis=1)
