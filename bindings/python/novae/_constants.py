"""novae's constants (``novae._constants``), with novae's values.

Change them like in novae (``Nums.QUEUE_SIZE = 4``): a ``SwavHead`` reads the head-related ones
(EPS, SWAV_EPSILON, SINKHORN_ITERATIONS, QUEUE_SIZE, QUEUE_WEIGHT_THRESHOLD_RATIO) at each call;
a new QUEUE_SIZE takes effect at the next ``init_queue``.
"""


class Keys:
    """AnnData keys novae writes."""

    LEAVES = "novae_leaves"
    DOMAINS_PREFIX = "novae_domains_"
    REPR = "novae_latent"
    REPR_CORRECTED = "novae_latent_corrected"
    IS_VALID_OBS = "neighborhood_valid"
    SLIDE_ID = "novae_sid"
    UNS_ATTRS = "novae_attrs"


class Nums:
    """Numerical constants (novae's defaults)."""

    # training
    EPS = 1e-8
    MIN_DATASET_LENGTH = 50_000
    MAX_DATASET_LENGTH_RATIO = 0.02
    DEFAULT_SAMPLE_CELLS = 100_000
    WARMUP_EPOCHS = 1

    # distances
    CELLS_CHARACTERISTIC_DISTANCE = 20  # micro-meters
    MAX_MEAN_DISTANCE_RATIO = 8

    # genes
    N_HVG_THRESHOLD = 500
    MIN_GENES_FOR_HVG = 100
    MIN_GENES = 20

    # swav head
    SWAV_EPSILON = 0.05
    SINKHORN_ITERATIONS = 3
    QUEUE_SIZE = 2
    QUEUE_WEIGHT_THRESHOLD_RATIO = 0.99

    # misc
    MEAN_NGH_TH_WARNING = 3.5
    LAZY_LOADING_SIZE_THRESHOLD = 5e8
    RATIO_VALID_CELLS_TH = 0.7
    HE_PATCH_WIDTH = 224
