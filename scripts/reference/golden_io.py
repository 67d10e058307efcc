"""Writing golden files for the Java parity tests.

Every golden file is one JSON object. Float tensors are written as nested lists of Python floats
holding the exact float32 (or float64) values, so the Java side reads the identical numbers back.
Each file records the generator command line that made it under the key "generator".
"""
import json
import os
import sys

import numpy as np


def to_json_value(value):
    """Converts tensors / arrays / numpy scalars (recursively) into plain JSON values."""
    try:
        import torch

        if isinstance(value, torch.Tensor):
            value = value.detach().cpu().numpy()
    except ImportError:
        pass
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, (np.floating,)):
        return float(value)
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, dict):
        return {str(k): to_json_value(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_json_value(v) for v in value]
    return value


def write_golden(directory, name, payload):
    """Writes payload as directory/name.json atomically, adding the generator command line."""
    os.makedirs(directory, exist_ok=True)
    payload = dict(payload)
    payload["generator"] = " ".join(["/usr/bin/python3"] + [os.path.relpath(sys.argv[0])] + sys.argv[1:])
    path = os.path.join(directory, name + ".json")
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(to_json_value(payload), f, separators=(",", ":"), allow_nan=False)
    os.replace(tmp, path)
    return path
