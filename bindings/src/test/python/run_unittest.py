"""Runs one unittest module given by path (used by PythonSuiteTest); exits 1 on any failure."""
import importlib.util
import sys
import unittest

path = sys.argv[1]
spec = importlib.util.spec_from_file_location("guest_test_module", path)
module = importlib.util.module_from_spec(spec)
sys.path.insert(0, str(__import__("os").path.dirname(path)))
spec.loader.exec_module(module)
suite = unittest.defaultTestLoader.loadTestsFromModule(module)
result = unittest.TextTestRunner(stream=sys.stderr, verbosity=2).run(suite)
sys.exit(0 if result.wasSuccessful() else 1)
