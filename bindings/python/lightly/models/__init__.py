"""``lightly.models``: see ``lightly.models.modules``."""
