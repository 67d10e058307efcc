"""``fmcib.ssl``: see ``fmcib.ssl.modules``."""
