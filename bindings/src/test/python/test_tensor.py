"""The sslheads Tensor: construction from Python data and buffers, arithmetic, autograd, errors."""
import array
import math
import unittest

import sslheads as sh


class TensorTest(unittest.TestCase):
    def test_fingerprint_changes_with_any_bit(self):
        a = sh.fingerprint([0.5, 1.0, -2.25])
        self.assertEqual(16, len(a))
        self.assertEqual(a, sh.fingerprint((0.5, 1.0, -2.25)))
        self.assertNotEqual(a, sh.fingerprint([0.5, math.nextafter(1.0, 2.0), -2.25]))
        self.assertNotEqual(sh.fingerprint([0.0]), sh.fingerprint([-0.0]))
        with self.assertRaises(TypeError):
            sh.fingerprint([1.0, None])

    def test_nested_lists_and_indexing(self):
        x = sh.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
        self.assertEqual((2, 3), x.shape)
        self.assertEqual(2, len(x))
        self.assertEqual([4.0, 5.0, 6.0], x[1].tolist())
        self.assertEqual([2.0, 5.0], x[:, 1].tolist())
        self.assertEqual(6.0, x[-1, -1].item())

    def test_buffers_cross_in_bulk(self):
        data = array.array("f", range(12))
        x = sh.from_buffer(data, (3, 4))
        self.assertEqual((3, 4), x.shape)
        self.assertEqual([8.0, 9.0, 10.0, 11.0], x[2].tolist())
        self.assertEqual([0.0, 1.0], sh.from_buffer(memoryview(data)[:2], 2).tolist())

    def test_large_buffers_arrive_whole(self):
        # larger than the host's copy chunk (256 KiB) and not a multiple of it: the tail is copied too
        for code, dtype in (("f", "float32"), ("d", "float64")):
            n = 100_003
            data = array.array(code, range(n))
            x = sh.from_buffer(data, n)
            self.assertEqual(dtype, x.dtype)
            self.assertEqual(data.tolist(), x.tolist())

    def test_arithmetic_broadcasts_and_matmul(self):
        a = sh.tensor([[1.0, 2.0], [3.0, 4.0]])
        b = sh.tensor([10.0, 20.0])
        self.assertEqual([[11.0, 22.0], [13.0, 24.0]], (a + b).tolist())
        self.assertEqual([[1.0, 0.0], [-1.0, -2.0]], (2 - a).tolist())
        self.assertEqual([50.0, 110.0], (a @ b).tolist())
        self.assertAlmostEqual(2.5, a.mean().item())

    def test_conversions_leave_the_tensor_usable(self):
        for dtype in ("int64", "float64", "float32", "int32"):
            t = sh.tensor([1, 2], dtype=dtype)
            self.assertEqual([1, 2], [int(v) for v in t.tolist()])
            self.assertEqual([1, 2], [int(v) for v in t.tolist()], dtype + " tensor still open after tolist()")
            self.assertEqual(3, int(t.sum().item()))

    def test_autograd(self):
        w = sh.tensor([1.0, -2.0, 3.0], requires_grad=True)
        loss = (w * w).sum()
        loss.backward()
        self.assertEqual([2.0, -4.0, 6.0], w.grad.tolist())
        with sh.no_grad():
            self.assertFalse(sh.is_grad_enabled())
        self.assertTrue(sh.is_grad_enabled())

    def test_bad_input_raises_natural_exceptions(self):
        with self.assertRaisesRegex(ValueError, "ragged"):
            sh.tensor([[1.0, 2.0], [3.0]])
        with self.assertRaisesRegex(TypeError, r"data\[1\] must be a number, got str"):
            sh.tensor([1.0, "a"])
        with self.assertRaisesRegex(TypeError, "got None"):
            sh.tensor(None)
        with self.assertRaisesRegex(ValueError, "12 float32 values"):
            sh.from_buffer(array.array("f", range(6)), (3, 4))
        with self.assertRaises(ValueError):
            sh.tensor([[1.0, 2.0]]) @ sh.tensor([[1.0, 2.0, 3.0]])
        with self.assertRaisesRegex(ValueError, "dtype must be one of"):
            sh.zeros(2, dtype="complex")
        # the context keeps working after errors
        self.assertEqual(3.0, sh.tensor([1.0, 2.0]).sum().item())


if __name__ == "__main__":
    unittest.main()
