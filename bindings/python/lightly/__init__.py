"""lightly's SwAV parts (v1.4.19) over sslheads: ``lightly.loss.SwaVLoss`` and
``lightly.models.modules`` (``SwaVProjectionHead``, ``SwaVPrototypes``, ``MemoryBankModule``).

Same import paths, class names, argument names and defaults as lightly; tensors are
``sslheads`` tensors computed in Java (``import sslheads as torch``).
"""
