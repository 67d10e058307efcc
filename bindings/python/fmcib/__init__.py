"""fmcib's self-supervised SwaV (``fmcib.ssl.modules.SwaV``) over sslheads; see ``fmcib.ssl.modules``."""
