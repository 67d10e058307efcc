#!/usr/bin/python3
"""Plain-torch reference of novae's whole training and inference workflow (fit, representations, domains).

    /usr/bin/python3 scripts/reference/novae_train_reference.py selfcheck
    /usr/bin/python3 scripts/reference/novae_train_reference.py fit --inputs a.h5ad [b.h5ad ...] \
        [--max-epochs 20] [--seed 0] [--n-domains 4] [--truth-key domain] [--out result.json] \
        [--time-only-one-epoch] [--threads N] [--vocab vocab.json] [novae's constructor / fit arguments]

Debian's /usr/bin/python3 only (torch 1.13 CPU, numpy, scipy, sklearn, anndata 0.8): no PyG, Lightning or novae.
Two uses: the torch side of the novae benchmark (one epoch and compute_representations, timed, on the same data
and sizes as the Java port) and the domain quality novae's algorithm reaches on toy data.

What it runs (shared/reference/novae-workflow-spec.md, novae@9a9dddc):

* Inputs (§2.1-2.3): each file after ``novae.spatial_neighbors``: obsp ``spatial_distances`` (CSR), obs ``novae_sid``,
  X log1p-normalised. Every var name is used (no HVG selection, all genes assumed known); the vocabulary is
  ``--vocab`` (a JSON list, or a JSON object with ``var_names`` as novae's config.json) or the sorted union of the
  lower-cased var names. Per-slide standardisation over all cells of the slide: float64 mean and population
  variance, cast to float32, x = (X - mu) / (sigma + 1e-8) in float32.
* Graphs (§3.3): local rows = (A with unit diagonal) A^(h-1) (h = n_hops_local), view rows = cells at exactly
  n_hops_view hops (walk products, as novae), valid cell = non-empty view row. A subgraph is the centre's local
  row with every stored A entry (u, v) inside it as edge u -> v, attribute A[u, v] * scale_to_microns / 20.
  A batch is built for B centres at once with numpy (CSR slices by np.repeat, membership by a sorted key and
  searchsorted) and collated as PyG does (nodes concatenated, edges offset, ``batch`` vector).
* Order (§3.3): one AnnData with one slide -> a permutation of the valid cells; otherwise per slide a permutation
  of its valid cells cut to max(1, n // B) blocks of B (drawn with replacement when short), blocks permuted;
  epoch length min(n, max(50000, int(0.02 n))), floor(length / B) batches (drop_last). The view cell is drawn
  uniformly from the main cell's view row. One numpy Generator(seed) draws shuffles and views.
* Model: scripts/reference/novae_model_reference.py (from-scratch init, CellEmbedder, augmentation with injected
  draws, GATv2 stack, attention pooling), imported; the draws (randperm, Exponential(rate lambda), clipped
  normal factors, §3.2) come from one torch Generator(seed), which also draws the initial weights. The embedding
  gets novae's PCA init (§3.1) when the largest panel has more genes than embedding_size (full SVD, each
  component's largest-|.| loading made positive as sklearn >= 1.5 does; other panels' missing genes copy their
  nearest reference gene, KD-tree in cell space).
* Head: NovaeSwavHeadReference (scripts/reference/novae_swav_goldens.py) for prototype normalisation, projection,
  Sinkhorn, loss and entropy; prototype selection restated here without the golden generator's ambiguity guard,
  in novae@9a9dddc's form (threshold 0.99 max - 0.01, top-k of the others appended) or, with
  ``--queue-threshold seed``, in the form the port's SwavHead and the golden generator follow (0.99 max, top-k
  replaces). Queue only with >= 2 slides over all inputs and min_prototypes_ratio != 1.
* Training (§4.1): torch Adam (lr, betas 0.9/0.999, eps 1e-8) over all parameters, prototypes without gradient
  in epoch 0 (their Adam state starts at their first update), epoch loss = mean step loss, early stopping on it
  (min_delta, patience; a non-finite loss stops).
* Inference (§4.2-4.4): per file, valid cells ascending in batches of B (last one partial), no augmentation,
  z = encoder(embedder(x)), leaves = argmax norm(z) C^T with C as stored; hierarchy = scipy
  linkage(C, "average", "cosine") (what sklearn's AgglomerativeClustering calls), clusters_levels and find_level
  as heads-spec.md §2.8 over the leaves present in any file; domains = clusters_levels[-level, leaf].

The JSON result (``--out``): epochs [{loss, entropy, seconds, data_seconds, model_seconds, steps, cells}],
representation_seconds (+ its data/model split), cells_per_second_train (main cells of the first epoch / its
seconds), cells_per_second_infer (valid cells / representation seconds), level, domains_found, ari (pooled over
all files, valid cells, against obs[truth-key]), ari_kmeans_latent (KMeans(n_domains, n_init=10, random_state=0) on
the pooled valid latents), domain_sizes, leaves_used, peak_rss_mb (getrusage), setup_seconds, the arguments.
"""
import argparse
import json
import math
import os
import resource
import sys
import time

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import novae_model_reference as ref  # noqa: E402
from novae_swav_goldens import QUEUE_SIZE, QUEUE_WEIGHT_THRESHOLD_RATIO, NovaeSwavHeadReference  # noqa: E402

STD_EPS = 1e-8
CELLS_CHARACTERISTIC_DISTANCE = 20.0
MIN_DATASET_LENGTH = 50000
MAX_DATASET_LENGTH_RATIO = 0.02
WARMUP_EPOCHS = 1

assert QUEUE_SIZE == 2


# --------------------------------------------------------------------------------------------
# Graphs

def _structure(m):
    """CSR copy of m's sparsity pattern with value 1 (float64)."""
    m = sp.csr_matrix(m, copy=True)
    m.data = np.ones_like(m.data, dtype=np.float64)
    return m


def _with_unit_diagonal(s):
    m = (s + sp.identity(s.shape[0], format="csr")).tocsr()
    m.data[:] = 1.0
    return m


def local_adjacency(a, n_hops):
    """Rows = cells reached by walks of length n_hops - 1 or n_hops ((A + I) A^(h-1)), structure only."""
    if n_hops < 1:
        raise ValueError("n_hops_local must be >= 1, got %d" % n_hops)
    s = _structure(a)
    local = _with_unit_diagonal(s)
    for _ in range(n_hops - 1):
        local = local @ s
    local.data[:] = 1.0
    return local


def view_adjacency(a, n_hops):
    """Rows = cells at exactly n_hops hops (n_hops = 1: A without its diagonal), structure only."""
    if n_hops < 1:
        raise ValueError("n_hops_view must be >= 1, got %d" % n_hops)
    s = _structure(a)
    if n_hops == 1:
        s = (s - sp.diags(s.diagonal())).tocsr()
        s.eliminate_zeros()
        return s
    pair = _with_unit_diagonal(s)
    previous = pair
    for i in range(n_hops - 1):
        if i == n_hops - 2:
            previous = pair.copy()
        pair = pair @ s
    pair.data[:] = 1.0
    previous.data[:] = 1.0
    view = (pair - pair.multiply(previous)).tocsr()
    view.eliminate_zeros()
    return view


def _csr_rows(indptr, rows):
    """Flat positions of the CSR entries of `rows` (in row order) and the row length of each."""
    lengths = indptr[rows + 1] - indptr[rows]
    total = int(lengths.sum())
    starts = np.repeat(indptr[rows], lengths)
    within = np.arange(total) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return starts + within, lengths


# --------------------------------------------------------------------------------------------
# Data

class Panel:
    """One input AnnData: standardised expression, graphs, validity, slide ids, truth labels."""

    def __init__(self, path, adata, vocab_index, args):
        self.path = path
        if "spatial_distances" not in adata.obsp:
            raise ValueError("%s: obsp['spatial_distances'] is missing (run novae.spatial_neighbors first)" % path)
        if "novae_sid" not in adata.obs:
            raise ValueError("%s: obs['novae_sid'] is missing (run novae.spatial_neighbors first)" % path)
        x = adata.X.toarray() if sp.issparse(adata.X) else np.asarray(adata.X)
        x = x.astype(np.float32)
        if not np.isfinite(x).all():
            raise ValueError("%s: X holds non-finite values" % path)
        self.raw = x  # log1p values, for the PCA init
        for column in ("highly_variable", "novae_use_gene"):
            if column in adata.var and not np.asarray(adata.var[column], dtype=bool).all():
                print("warning: %s: var[%r] is not all True; this reference uses every gene" % (path, column))
        self.genes = [g.lower() for g in adata.var_names]
        missing = [g for g in self.genes if g not in vocab_index]
        if missing:
            raise ValueError("%s: %d var names are not in the vocabulary, e.g. %s" % (path, len(missing), missing[:3]))
        self.genes_indices = torch.tensor([vocab_index[g] for g in self.genes], dtype=torch.long)
        self.sid = np.asarray(adata.obs["novae_sid"].astype(str))
        self.slides = sorted(set(self.sid))
        standardised = np.empty_like(x)
        for slide in self.slides:
            rows = np.where(self.sid == slide)[0]
            block = x[rows].astype(np.float64)
            mean = block.mean(axis=0).astype(np.float32)
            std = np.sqrt(block.var(axis=0)).astype(np.float32)
            standardised[rows] = (x[rows] - mean) / (std + np.float32(STD_EPS))
        self.x = torch.from_numpy(standardised)
        self.adjacency = sp.csr_matrix(adata.obsp["spatial_distances"])
        n = adata.n_obs
        if self.adjacency.shape != (n, n):
            raise ValueError("%s: spatial_distances has shape %s, expected (%d, %d)"
                             % (path, self.adjacency.shape, n, n))
        self.adjacency.sort_indices()
        self.local = local_adjacency(self.adjacency, args.n_hops_local)
        self.view = view_adjacency(self.adjacency, args.n_hops_view)
        self.valid = np.diff(self.view.indptr) > 0
        self.valid_indices = np.where(self.valid)[0]
        self.edge_scale = np.float32(args.scale_to_microns) / np.float32(CELLS_CHARACTERISTIC_DISTANCE)
        self.truth = None
        if args.truth_key is not None:
            if args.truth_key not in adata.obs:
                raise ValueError("%s: obs[%r] (--truth-key) is missing" % (path, args.truth_key))
            self.truth = np.asarray(adata.obs[args.truth_key].astype(str))

    @property
    def n_obs(self):
        return self.x.shape[0]

    def batch(self, centres):
        """PyG-collated subgraphs of the B centre cells (np.int64 array): x, edge_index, edge_attr, batch."""
        centres = np.asarray(centres, dtype=np.int64)
        b = len(centres)
        positions, sizes = _csr_rows(self.local.indptr, centres)
        cells = self.local.indices[positions].astype(np.int64)
        graph = np.repeat(np.arange(b, dtype=np.int64), sizes)
        a = self.adjacency
        entries, degrees = _csr_rows(a.indptr, cells)
        source = np.repeat(np.arange(len(cells), dtype=np.int64), degrees)
        neighbour = a.indices[entries].astype(np.int64)
        key = graph * self.n_obs + cells
        order = np.argsort(key, kind="stable")
        sorted_key = key[order]
        wanted = graph[source] * self.n_obs + neighbour
        at = np.minimum(np.searchsorted(sorted_key, wanted), len(sorted_key) - 1)
        inside = sorted_key[at] == wanted
        target = order[at[inside]]
        attr = a.data[entries[inside]].astype(np.float32) * self.edge_scale
        return {
            "x": self.x[torch.from_numpy(cells)],
            "genes_indices": self.genes_indices,
            "edge_index": torch.from_numpy(np.stack([source[inside], target])),
            "edge_attr": torch.from_numpy(attr),
            "batch": torch.from_numpy(graph),
            "num_graphs": b,
        }

    def view_cells(self, centres, rng):
        """One cell drawn uniformly from each centre's view row."""
        lengths = self.view.indptr[centres + 1] - self.view.indptr[centres]
        return self.view.indices[self.view.indptr[centres] + rng.integers(0, lengths)].astype(np.int64)


class TrainingOrder:
    """novae's shuffled_obs_ilocs and epoch length over several panels (spec §3.3)."""

    def __init__(self, panels, batch_size):
        self.panels = panels
        self.batch_size = batch_size
        self.single_slide = len(panels) == 1 and len(panels[0].slides) == 1
        self.slides = []  # (panel index, valid cells of the slide)
        for p, panel in enumerate(panels):
            for slide in panel.slides:
                cells = np.where((panel.sid == slide) & panel.valid)[0]
                if len(cells) == 0:
                    raise ValueError("%s: slide %r has no valid cell (no cell at exactly n_hops_view hops)"
                                     % (panel.path, slide))
                self.slides.append((p, cells))

    def shuffle(self, rng):
        """(panel index, cell) pairs of one epoch, (n, 2)."""
        if self.single_slide:
            cells = self.slides[0][1]
            return np.stack([np.zeros(len(cells), dtype=np.int64), cells[rng.permutation(len(cells))]], axis=1)
        b = self.batch_size
        blocks_panel, blocks_cells = [], []
        for p, cells in self.slides:
            cells = rng.permutation(cells)
            wanted = max(1, len(cells) // b) * b
            cells = cells[:wanted] if len(cells) >= wanted else rng.choice(cells, size=wanted)
            blocks_cells.append(cells.reshape(-1, b))
            blocks_panel.append(np.full((wanted // b, b), p, dtype=np.int64))
        blocks_cells, blocks_panel = np.concatenate(blocks_cells), np.concatenate(blocks_panel)
        permutation = rng.permutation(len(blocks_cells))
        return np.stack([blocks_panel[permutation].reshape(-1), blocks_cells[permutation].reshape(-1)], axis=1)

    @staticmethod
    def length(n):
        return min(n, max(MIN_DATASET_LENGTH, int(n * MAX_DATASET_LENGTH_RATIO)))


def load_panels(paths, vocab, args):
    import anndata

    adatas = [anndata.read_h5ad(path) for path in paths]
    if vocab is None:
        vocab = sorted({g.lower() for adata in adatas for g in adata.var_names})
    vocab_index = {g: i for i, g in enumerate(vocab)}
    if len(vocab_index) != len(vocab):
        raise ValueError("--vocab holds duplicate (lower-cased) names")
    return [Panel(path, adata, vocab_index, args) for path, adata in zip(paths, adatas)], vocab


def read_vocab(path):
    with open(path) as f:
        value = json.load(f)
    if isinstance(value, dict):
        value = value.get("var_names")
    if not isinstance(value, list) or not all(isinstance(g, str) for g in value):
        raise ValueError("--vocab %s: expected a JSON list of names or an object with 'var_names'" % path)
    return [g.lower() for g in value]


# --------------------------------------------------------------------------------------------
# Model pieces around the imported reference

def pca_init(embedding, panels, embedding_size):
    """novae's CellEmbedder.pca_init on the log1p values (in place on `embedding` (V, E)); returns a note."""
    from sklearn.decomposition import PCA
    from sklearn.neighbors import KDTree

    reference = max(panels, key=lambda p: len(p.genes))
    if len(reference.genes) <= embedding_size:
        return "skipped: %d genes <= embedding_size %d" % (len(reference.genes), embedding_size)
    pca = PCA(n_components=embedding_size, svd_solver="full").fit(reference.raw)
    components = pca.components_.copy()
    largest = np.abs(components).argmax(axis=1)
    components *= np.sign(components[np.arange(len(components)), largest])[:, None]
    with torch.no_grad():
        embedding[reference.genes_indices] = torch.from_numpy(components.T.astype(np.float32))
        known = set(reference.genes)
        for panel in panels:
            inside = np.array([g in known for g in panel.genes])
            if inside.all():
                continue
            _, nearest = KDTree(panel.raw[:, inside].T).query(panel.raw[:, ~inside].T, k=1)
            sources = panel.genes_indices[torch.from_numpy(np.where(inside)[0][nearest[:, 0]])]
            embedding[panel.genes_indices[torch.from_numpy(np.where(~inside)[0])]] = embedding[sources].clone()
    return "PCA(%d) on %s (%d genes)" % (embedding_size, reference.path, len(reference.genes))


class TrainingSwavHead(NovaeSwavHeadReference):
    """The reference head with novae's prototype selection restated for training (no ambiguity guard)."""

    def __init__(self, prototypes, temperature, min_prototypes_ratio, threshold_variant):
        super().__init__(prototypes.detach(), temperature, min_prototypes_ratio)
        self._prototypes = prototypes  # the model's own parameter
        self.threshold_variant = threshold_variant

    def select(self, projections, slide_id):
        k = self.num_prototypes
        if self.queue is None or slide_id is None:
            return torch.arange(k), False
        with torch.no_grad():
            s = self.slide_index[slide_id]
            self.queue[s, 1:] = self.queue[s, :-1].clone()
            self.queue[s, 0] = projections.topk(3, dim=0).values[-1]
            weights = self.queue.max(dim=1).values
            thresholds = weights.max(dim=0).values * QUEUE_WEIGHT_THRESHOLD_RATIO
            if self.threshold_variant == "upstream":
                thresholds = thresholds - (1 - QUEUE_WEIGHT_THRESHOLD_RATIO)
            w = weights[s]
            passers = torch.where(w >= thresholds)[0]
            if len(passers) >= self.min_prototypes:
                return passers, False
            if self.threshold_variant == "seed":
                return torch.topk(w, self.min_prototypes).indices, True
            others = torch.where(w < thresholds)[0]
            others = others[torch.topk(w[others], self.min_prototypes - len(passers)).indices]
            return torch.cat([passers, others]), True


def augmentation_draws(generator, num_graphs, n_genes, args):
    subset = int(n_genes * args.panel_subset_size)
    perm = torch.randperm(n_genes, generator=generator)
    a = torch.empty((num_graphs, subset)).exponential_(args.background_noise_lambda, generator=generator)
    f = (1 + torch.randn((num_graphs, subset), generator=generator) * args.sensitivity_noise_std).clip(0, 2)
    return {"perm": perm, "a": a, "f": f}, subset


def clusters_levels(prototypes):
    """(K, K) uint16: row 0 the leaves, row i+1 = row i with the pair of merge i renamed K+i (heads-spec §2.8)."""
    from scipy.cluster.hierarchy import linkage

    k = len(prototypes)
    children = linkage(np.asarray(prototypes, dtype=np.float64), method="average", metric="cosine")[:, :2]
    levels = np.zeros((k, k), dtype=np.uint16)
    levels[0] = np.arange(k)
    for i, (a, b) in enumerate(children.astype(np.int64)):
        levels[i + 1] = levels[i]
        levels[i + 1, (levels[i] == a) | (levels[i] == b)] = k + i
    return levels


def find_level(levels, leaves, n_domains):
    sub = levels[:, leaves]
    for level in range(1, len(levels)):
        if len(np.unique(sub[-level])) == n_domains:
            return level
    raise ValueError("Could not find a level with n_domains=%d (leaves present: %d)" % (n_domains, len(leaves)))


# --------------------------------------------------------------------------------------------
# Workflow

class Timer:
    def __init__(self):
        self.data = 0.0
        self.model = 0.0

    def add(self, field, start):
        now = time.perf_counter()
        setattr(self, field, getattr(self, field) + now - start)
        return now


def training_step(params, config, head, optimizer, main, view, draws, subset, slide_id):
    """One step: z of main and view (augmented), head loss on the selected prototypes, backward, Adam."""
    z_main = ref.encode_augmented(main, draws["main"], subset, params, config)
    z_view = ref.encode_augmented(view, draws["view"], subset, params, config)
    head.normalize_prototypes()
    p_main, p_view = head.projection(z_main), head.projection(z_view)
    ilocs, _ = head.select(p_main.detach(), slide_id)
    loss, entropy, _, _ = head.loss_and_entropy(p_main[:, ilocs], p_view[:, ilocs])
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    return float(loss.item()), float(entropy.item())


def fit(panels, params, config, args, generator, log):
    """novae's fit (spec §4.1); generator draws the augmentations. Returns (epoch records, head)."""
    rng = np.random.default_rng(args.seed)
    order = TrainingOrder(panels, args.batch_size)
    slide_ids = [s for panel in panels for s in panel.slides]
    if len(set(slide_ids)) != len(slide_ids):
        raise ValueError("novae_sid values repeat across input files: %s" % slide_ids)
    head = TrainingSwavHead(params[ref.PROTOTYPES], args.temperature, args.min_prototypes_ratio,
                            args.queue_threshold)
    if len(slide_ids) >= 2 and args.min_prototypes_ratio != 1:
        if args.batch_size < 3:
            raise ValueError("--batch-size must be >= 3 with a slide queue, got %d" % args.batch_size)
        head.init_queue(slide_ids)
    else:
        head.min_prototypes = 0
    optimizer = torch.optim.Adam(list(params.values()), lr=args.lr, betas=ref.ADAM_BETAS, eps=ref.ADAM_EPS)
    best, wait, epochs = math.inf, 0, []
    max_epochs = 1 if args.time_only_one_epoch else args.max_epochs
    for epoch in range(max_epochs):
        start = time.perf_counter()
        timer = Timer()
        shuffled = order.shuffle(rng)
        steps = TrainingOrder.length(len(shuffled)) // args.batch_size
        params[ref.PROTOTYPES].requires_grad_(epoch >= WARMUP_EPOCHS)
        losses, entropies = [], []
        for step in range(steps):
            t = time.perf_counter()
            chunk = shuffled[step * args.batch_size:(step + 1) * args.batch_size]
            panel = panels[int(chunk[0, 0])]
            centres = chunk[:, 1]
            main = panel.batch(centres)
            view = panel.batch(panel.view_cells(centres, rng))
            t = timer.add("data", t)
            draws_main, subset = augmentation_draws(generator, len(centres), len(panel.genes), args)
            draws_view, _ = augmentation_draws(generator, len(centres), len(panel.genes), args)
            loss, entropy = training_step(params, config, head, optimizer, main, view,
                                          {"main": draws_main, "view": draws_view}, subset, panel.sid[centres[0]])
            losses.append(loss)
            entropies.append(entropy)
            timer.add("model", t)
        seconds = time.perf_counter() - start
        loss_epoch = float(np.mean(losses)) if losses else float("nan")
        record = {"epoch": epoch, "loss": loss_epoch, "entropy": float(np.mean(entropies)) if entropies else float("nan"),
                  "entropy_last": entropies[-1] if entropies else float("nan"), "steps": steps,
                  "cells": steps * args.batch_size, "seconds": seconds, "data_seconds": timer.data,
                  "model_seconds": timer.model, "prototypes_frozen": epoch < WARMUP_EPOCHS}
        epochs.append(record)
        log("epoch %2d: loss %.4f  entropy %.4f  %d steps  %.1f s (data %.1f s, model %.1f s)"
            % (epoch, record["loss"], record["entropy"], steps, seconds, timer.data, timer.model))
        if not math.isfinite(loss_epoch):
            log("non-finite epoch loss: stopping")
            break
        if loss_epoch < best - args.min_delta:
            best, wait = loss_epoch, 0
        else:
            wait += 1
            if wait >= args.patience:
                log("early stopping after epoch %d (best %.4f)" % (epoch, best))
                break
    return epochs, head


def compute_representations(panels, params, config, batch_size):
    """Per panel: (latent of the valid cells (n_valid, O) float32, leaves (n_valid,)); and a Timer."""
    timer = Timer()
    results = []
    prototypes = params[ref.PROTOTYPES].detach()
    with torch.no_grad():
        for panel in panels:
            latents, leaves = [], []
            cells = panel.valid_indices
            for begin in range(0, len(cells), batch_size):
                t = time.perf_counter()
                batch = panel.batch(cells[begin:begin + batch_size])
                t = timer.add("data", t)
                z = ref.graph_encoder(batch["x"], batch["genes_indices"], batch["edge_index"], batch["edge_attr"],
                                      batch["batch"], params, config, batch["num_graphs"])["z"]
                latents.append(z.numpy())
                leaves.append(ref.projection(z, prototypes).argmax(dim=1).numpy())
                timer.add("model", t)
            results.append((np.concatenate(latents), np.concatenate(leaves)))
    return results, timer


def domain_scores(panels, representations, prototypes, n_domains, log):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    leaves = np.concatenate([r[1] for r in representations])
    latents = np.concatenate([r[0] for r in representations])
    out = {"leaves_used": int(len(np.unique(leaves)))}
    levels = clusters_levels(prototypes)
    try:
        level = find_level(levels, np.unique(leaves), n_domains)
    except ValueError as error:
        log(str(error))
        out.update(level=None, domains_found=None, ari=None)
        level = None
    if level is not None:
        domains = levels[-level, leaves]
        names, counts = np.unique(domains, return_counts=True)
        out.update(level=level, domains_found=int(len(names)),
                   domain_sizes={"D%d" % d: int(c) for d, c in sorted(zip(names, counts), key=lambda x: -x[1])})
    truth = None
    if all(p.truth is not None for p in panels):
        truth = np.concatenate([p.truth[p.valid_indices] for p in panels])
        if level is not None:
            out["ari"] = float(adjusted_rand_score(truth, domains))
        out["ari_per_file"] = None if level is None else [
            float(adjusted_rand_score(p.truth[p.valid_indices], levels[-level, r[1]]))
            for p, r in zip(panels, representations)]
    kmeans = KMeans(n_clusters=n_domains, n_init=10, random_state=0).fit_predict(latents)
    out["ari_kmeans_latent"] = None if truth is None else float(adjusted_rand_score(truth, kmeans))
    out["valid_cells"] = int(len(leaves))
    return out


def run_fit(args, log=print):
    torch.set_num_threads(args.threads)
    setup_start = time.perf_counter()
    vocab = read_vocab(args.vocab) if args.vocab else None
    panels, vocab = load_panels(args.inputs, vocab, args)
    config = {"vocab_size": len(vocab), "embedding_size": args.embedding_size, "hidden_size": args.hidden_size,
              "num_layers": args.num_layers, "output_size": args.output_size, "heads": args.heads,
              "num_prototypes": args.num_prototypes, "temperature": args.temperature}
    generator = torch.Generator().manual_seed(args.seed)  # initial weights, then every augmentation draw
    state = ref.init_state_dict(config, generator)
    pca_note = pca_init(state["cell_embedder.embedding.weight"], panels, args.embedding_size) if args.pca_init \
        else "off"
    params = {name: torch.nn.Parameter(value) for name, value in state.items()}
    setup_seconds = time.perf_counter() - setup_start
    n_valid = sum(len(p.valid_indices) for p in panels)
    log("%d file(s), %d cells (%d valid), vocabulary %d, %d slide(s); threads %d; embedding init %s; setup %.1f s"
        % (len(panels), sum(p.n_obs for p in panels), n_valid, len(vocab), sum(len(p.slides) for p in panels),
           torch.get_num_threads(), pca_note, setup_seconds))
    epochs, head = fit(panels, params, config, args, generator, log)
    start = time.perf_counter()
    representations, timer = compute_representations(panels, params, config, args.batch_size)
    representation_seconds = time.perf_counter() - start
    log("compute_representations: %d cells in %.1f s (data %.1f s, model %.1f s)"
        % (n_valid, representation_seconds, timer.data, timer.model))
    result = {
        "inputs": list(args.inputs), "arguments": {k: v for k, v in vars(args).items() if k not in ("command",)},
        "threads": torch.get_num_threads(), "setup_seconds": setup_seconds, "embedding_init": pca_note,
        "queue": head.queue is not None, "min_prototypes": head.min_prototypes,
        "epochs": epochs, "representation_seconds": representation_seconds,
        "representation_data_seconds": timer.data, "representation_model_seconds": timer.model,
        "cells_per_second_train": epochs[0]["cells"] / epochs[0]["seconds"] if epochs else None,
        "cells_per_second_infer": n_valid / representation_seconds,
    }
    result.update(domain_scores(panels, representations, params[ref.PROTOTYPES].detach().numpy(), args.n_domains,
                                log))
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    if args.save_npz:
        np.savez_compressed(args.save_npz, latent=np.concatenate([r[0] for r in representations]),
                            leaves=np.concatenate([r[1] for r in representations]),
                            file_sizes=np.array([len(r[1]) for r in representations]),
                            prototypes=params[ref.PROTOTYPES].detach().numpy(),
                            truth=np.concatenate([p.truth[p.valid_indices] for p in panels])
                            if all(p.truth is not None for p in panels) else np.array([]))
    log("leaves used %d, level %s -> %s domains, ARI %s, ARI k-means(latent) %s; train %.1f cells/s, infer %.1f cells/s"
        % (result["leaves_used"], result.get("level"), result.get("domains_found"), _fmt(result.get("ari")),
           _fmt(result.get("ari_kmeans_latent")), result["cells_per_second_train"] or float("nan"),
           result["cells_per_second_infer"]))
    if args.out:
        directory = os.path.dirname(os.path.abspath(args.out))
        os.makedirs(directory, exist_ok=True)
        tmp = os.path.join(directory, "." + os.path.basename(args.out) + ".tmp")
        with open(tmp, "w") as f:
            json.dump(result, f, indent=1)
        os.replace(tmp, args.out)
    return result


# --------------------------------------------------------------------------------------------
# selfcheck: graphs against novae's test truth tables and BFS, batches against per-graph extraction

def _graph_from_edges(points, edges):
    points = np.asarray(points, dtype=np.float64)
    rows = [i for i, j in edges] + [j for i, j in edges]
    cols = [j for i, j in edges] + [i for i, j in edges]
    d = np.linalg.norm(points[rows] - points[cols], axis=1)
    return sp.csr_matrix((d, (rows, cols)), shape=(len(points), len(points)))


def _rows(m):
    m = m.tocsr()
    return [set(m.indices[m.indptr[i]:m.indptr[i + 1]].tolist()) for i in range(m.shape[0])]


def _bfs_hops(a, start):
    hops, frontier = {start: 0}, [start]
    while frontier:
        nxt = []
        for u in frontier:
            for v in a.indices[a.indptr[u]:a.indptr[u + 1]]:
                if int(v) not in hops:
                    hops[int(v)] = hops[u] + 1
                    nxt.append(int(v))
        frontier = nxt
    return hops


def _naive_subgraph(a, nodes, scale):
    """novae's to_pyg_data for one cell: A[nodes][:, nodes] in COO order, as (source cell, target cell, attr)."""
    sub = a[nodes][:, nodes].tocoo()
    return sorted((int(nodes[r]), int(nodes[c]), float(np.float32(v) * scale)) for r, c, v in zip(sub.row, sub.col, sub.data))


def _step_check(panel, rng):
    """This loop's training_step (persistent head and Adam) against novae_model_reference.training_step."""
    from novae_swav_goldens import Ambiguous

    failures = []
    config = {"vocab_size": 12, "embedding_size": 8, "hidden_size": 8, "num_layers": 2, "output_size": 4,
              "heads": 2, "num_prototypes": 6, "temperature": 0.1}
    panel.x = torch.randn((panel.adjacency.shape[0], 5), generator=torch.Generator().manual_seed(3))
    panel.genes_indices = torch.tensor([7, 0, 3, 11, 5])
    valid = np.where(np.diff(panel.view.indptr) > 0)[0]
    args = parser().parse_args(["fit", "--inputs", "-"])
    cases = [("no queue, prototypes frozen", None, True), ("queue of 2 slides, top-k fallback", "seed", False)]
    for name, variant, frozen in cases:
        for attempt in range(20):
            generator = torch.Generator().manual_seed(100 + attempt)
            state = ref.init_state_dict(config, generator)
            centres = rng.choice(valid, size=8, replace=False)
            main, view = panel.batch(centres), panel.batch(panel.view_cells(centres, rng))
            draws_main, subset = augmentation_draws(generator, 8, 5, args)
            draws_view, _ = augmentation_draws(generator, 8, 5, args)
            draws = {"main": draws_main, "view": draws_view}
            queue = None if variant is None else torch.rand((2, 2, 6), generator=generator) * 0.4 + 0.3
            step = {"main": main, "view": view, "slide_id": "b", "queue": queue, "slide_ids": ["a", "b"],
                    "min_prototypes": 4, "prototypes_frozen": frozen, "lr": 1e-3, "subset_size": subset,
                    "draws": draws}
            try:
                expected = ref.training_step(state, config, step)
            except Ambiguous:
                continue
            params = {k: torch.nn.Parameter(v.clone()) for k, v in state.items()}
            params[ref.PROTOTYPES].requires_grad_(not frozen)
            head = TrainingSwavHead(params[ref.PROTOTYPES], config["temperature"], 0.0, variant or "seed")
            if queue is not None:
                head.init_queue(["a", "b"])
                head.queue = queue.clone()
            head.min_prototypes = 4
            optimizer = torch.optim.Adam(list(params.values()), lr=1e-3, betas=ref.ADAM_BETAS, eps=ref.ADAM_EPS)
            loss, entropy = training_step(params, config, head, optimizer, main, view, draws, subset, "b")
            worst = max(float((params[k].detach() - v).abs().max()) for k, v in expected["after_adam"].items())
            if abs(loss - expected["loss"]) > 1e-5 or abs(entropy - expected["entropy"]) > 1e-5 or worst > 1e-6:
                failures.append("step %s: loss %g vs %g, entropy %g vs %g, parameters differ by %g"
                                % (name, loss, expected["loss"], entropy, expected["entropy"], worst))
            if variant is not None and not (torch.equal(head.queue, expected["queue_after"]) and expected["fallback"]):
                failures.append("step %s: queue differs or no fallback exercised" % name)
            break
        else:
            failures.append("step %s: no unambiguous draw in 20 attempts" % name)
    return failures


def selfcheck():
    failures = []

    def expect(name, got, want):
        if got != want:
            failures.append("%s: got %s, expected %s" % (name, got, want))

    # spec §3.3 truth tables (novae's tests/test_dataset.py fixtures)
    five = _graph_from_edges([(0, 0), (0, 1), (0, 2), (3, 3), (1, 1)], [(0, 1), (0, 4), (1, 2), (1, 4), (2, 4)])
    expect("five local h=1", _rows(local_adjacency(five, 1)), [{0, 1, 4}, {0, 1, 2, 4}, {1, 2, 4}, {3}, {0, 1, 2, 4}])
    expect("five local h=2", _rows(local_adjacency(five, 2)), [{0, 1, 2, 4}] * 3 + [set(), {0, 1, 2, 4}])
    expect("five view h=2", _rows(view_adjacency(five, 2)), [{2}, set(), {0}, set(), set()])
    expect("five view h=3", _rows(view_adjacency(five, 3)), [set()] * 5)
    line = _graph_from_edges([(0, 0), (0, 1), (0, 2), (2, 0), (2, 1), (4, 0)], [(0, 1), (1, 2), (3, 4)])
    expect("line view h=1", _rows(view_adjacency(line, 1)), [{1}, {0, 2}, {1}, {4}, {3}, set()])
    expect("line view h=2", _rows(view_adjacency(line, 2)), [{2}, set(), {0}] + [set()] * 3)
    expect("line view h=3", _rows(view_adjacency(line, 3)), [set()] * 6)

    # random Delaunay graph with pruned edges and isolated cells: BFS definitions, batches vs per-graph extraction
    from scipy.spatial import Delaunay

    rng = np.random.default_rng(7)
    points = rng.uniform(0, 100, size=(300, 2))
    indptr, indices = Delaunay(points).vertex_neighbor_vertices
    rows = np.repeat(np.arange(len(points)), np.diff(indptr))
    d = np.linalg.norm(points[rows] - points[indices], axis=1)
    keep = d < 9.0
    a = sp.csr_matrix((d[keep], (rows[keep], indices[keep])), shape=(300, 300))
    for h in (1, 2, 3):
        local, view = _rows(local_adjacency(a, h)), _rows(view_adjacency(a, h))
        for i in range(300):
            hops = _bfs_hops(a, i)
            within = {j for j, k in hops.items() if k <= h}
            if h >= 2 and a.indptr[i + 1] == a.indptr[i]:
                within = set()  # an isolated cell has an empty walk product
            if local[i] != within:
                failures.append("local h=%d row %d" % (h, i))
            if view[i] != {j for j, k in hops.items() if k == h}:
                failures.append("view h=%d row %d" % (h, i))
    a = a.tocoo()
    one_way = rng.uniform(size=a.nnz) < 0.15  # a directed graph, so that edge directions are checked too
    a = sp.csr_matrix((a.data[~one_way], (a.row[~one_way], a.col[~one_way])), shape=a.shape)
    args = parser().parse_args(["fit", "--inputs", "-", "--scale-to-microns", "1.5"])
    panel = Panel.__new__(Panel)
    panel.path, panel.adjacency = "selfcheck", a
    panel.local, panel.view = local_adjacency(a, 2), view_adjacency(a, 2)
    panel.x = torch.arange(300 * 3, dtype=torch.float32).reshape(300, 3)
    panel.genes_indices = torch.arange(3)
    panel.edge_scale = np.float32(args.scale_to_microns) / np.float32(CELLS_CHARACTERISTIC_DISTANCE)
    centres = rng.choice(300, size=40)
    batch = panel.batch(centres)
    nodes_of = [panel.local.indices[panel.local.indptr[c]:panel.local.indptr[c + 1]] for c in centres]
    cells = torch.cat([torch.as_tensor(n, dtype=torch.long) for n in nodes_of])
    expect("batch x", bool(torch.equal(batch["x"], panel.x[cells])), True)
    expect("batch vector", batch["batch"].tolist(), sum(([b] * len(n) for b, n in enumerate(nodes_of)), []))
    flat = cells.numpy()
    src, tgt = batch["edge_index"].numpy()
    for b, nodes in enumerate(nodes_of):
        mine = sorted((int(flat[s]), int(flat[t]), float(e)) for s, t, e in zip(src, tgt, batch["edge_attr"].numpy())
                      if batch["batch"][s] == b)
        if any(batch["batch"][t] != b for s, t in zip(src, tgt) if batch["batch"][s] == b):
            failures.append("graph %d: an edge leaves its graph" % b)
        if mine != _naive_subgraph(a, nodes, panel.edge_scale):
            failures.append("graph %d: edges differ from A[nodes][:, nodes]" % b)
    # training order: blocks of B from one slide, short slides up-sampled, all valid cells of long slides
    fakes = []
    for sizes in ([700, 90], [1000]):
        fake = Panel.__new__(Panel)
        fake.path = "fake"
        fake.sid = np.concatenate([np.full(n, "s%d_%d" % (len(fakes), k)) for k, n in enumerate(sizes)])
        fake.slides = sorted(set(fake.sid))
        fake.valid = rng.uniform(size=len(fake.sid)) < 0.9
        fakes.append(fake)
    order = TrainingOrder(fakes, 64)
    shuffled = order.shuffle(rng)
    blocks = shuffled.reshape(-1, 64, 2)
    for block in blocks:
        panel_ids, cells = set(block[:, 0].tolist()), block[:, 1]
        if len(panel_ids) != 1 or len({fakes[block[0, 0]].sid[c] for c in cells}) != 1:
            failures.append("a block mixes slides")
        if not fakes[block[0, 0]].valid[cells].all():
            failures.append("a block holds an invalid cell")
    expected = sum(max(1, int((f.valid & (f.sid == s)).sum()) // 64) for f in fakes for s in f.slides)
    expect("blocks", len(blocks), expected)
    expect("epoch length", [TrainingOrder.length(n) for n in (1000, 60000, 3000000)], [1000, 50000, 60000])
    failures += _step_check(panel, rng)
    for line_ in failures:
        print("MISMATCH " + line_)
    print("selfcheck: graphs, BFS (h=1..3, 300 cells) and 40 batched subgraphs of a directed graph, training steps vs novae_model_reference; %d mismatches" % len(failures))
    return 0 if not failures else 1


def _fmt(value):
    return "n/a" if value is None else "%.4f" % value


def parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("selfcheck", help="graphs vs novae's truth tables and BFS, batches vs per-graph extraction")
    f = sub.add_parser("fit", help="train, compute representations, assign domains, score")
    f.add_argument("--inputs", nargs="+", required=True, help=".h5ad files after novae.spatial_neighbors")
    f.add_argument("--vocab", help="JSON list of gene names (or object with var_names); default sorted union")
    f.add_argument("--max-epochs", type=int, default=20)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--n-domains", type=int, default=4)
    f.add_argument("--truth-key", default=None)
    f.add_argument("--out", default=None)
    f.add_argument("--save-npz", default=None, help="write pooled valid latents, leaves, prototypes, truth")
    f.add_argument("--time-only-one-epoch", action="store_true", help="one epoch, then representations")
    f.add_argument("--threads", type=int, default=os.cpu_count())
    f.add_argument("--queue-threshold", choices=("upstream", "seed"), default="upstream",
                   help="upstream: novae@9a9dddc (0.99 max - 0.01, top-k appended); seed: 0.99 max, top-k replaces")
    f.add_argument("--no-pca-init", dest="pca_init", action="store_false")
    # novae's constructor and fit defaults (spec §1.2, §1.3)
    for name, kind, default in [("embedding-size", int, 100), ("min-prototypes-ratio", float, 0.3),
                                ("n-hops-local", int, 2), ("n-hops-view", int, 2), ("temperature", float, 0.1),
                                ("output-size", int, 64), ("heads", int, 8), ("hidden-size", int, 128),
                                ("num-layers", int, 10), ("batch-size", int, 256), ("num-prototypes", int, 512),
                                ("panel-subset-size", float, 0.8), ("background-noise-lambda", float, 8.0),
                                ("sensitivity-noise-std", float, 0.05), ("lr", float, 1e-3),
                                ("min-delta", float, 0.1), ("patience", int, 3), ("scale-to-microns", float, 1.0)]:
        f.add_argument("--" + name, type=kind, default=default)
    return p


def main(argv=None):
    p = parser()
    args = p.parse_args(argv)
    if args.command == "selfcheck":
        sys.exit(selfcheck())
    for name in ("max_epochs", "n_domains", "threads", "embedding_size", "output_size", "heads", "hidden_size",
                 "num_layers", "batch_size", "num_prototypes", "patience"):
        if getattr(args, name) < 1:
            p.error("--%s must be >= 1, got %d" % (name.replace("_", "-"), getattr(args, name)))
    if args.hidden_size % args.heads:
        p.error("--hidden-size %d is not divisible by --heads %d" % (args.hidden_size, args.heads))
    if not 0 < args.panel_subset_size <= 1:
        p.error("--panel-subset-size must be in (0, 1], got %g" % args.panel_subset_size)
    if not 0 <= args.min_prototypes_ratio <= 1:
        p.error("--min-prototypes-ratio must be in [0, 1], got %g" % args.min_prototypes_ratio)
    run_fit(args, log=lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
