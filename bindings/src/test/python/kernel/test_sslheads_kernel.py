"""The Jupyter project's kernel conformance suite (jupyter_kernel_test) against the installed
sslheads kernel. Run by dev.sslheads.kernel.JupyterConformanceTest with Debian's /usr/bin/python3
and JUPYTER_DATA_DIR pointing at a temporary kernelspec."""
import unittest

import jupyter_kernel_test


class SslheadsKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "sslheads"
    language_name = "python"
    file_extension = ".py"

    code_hello_world = "print('hello, world')"
    code_stderr = "import sys; print('an error', file=sys.stderr)"
    code_generate_error = "raise ValueError('boom')"
    code_page_something = "len?"

    completion_samples = [
        {"text": "zip", "matches": {"zip"}},
        {"text": "import sys\nsys.getrecursionl", "matches": {"sys.getrecursionlimit"}},
        {"text": "%%js\nMath.fl", "matches": {"Math.floor"}},
    ]
    complete_code_samples = ["1", "print('hello, world')", "def f(x):\n    return x\n", "%%js\nvar a = 1"]
    incomplete_code_samples = ["print('''hello", "def f(x):", "x = (1,", "%%js\nfunction f() {"]
    invalid_code_samples = ["1 +* 2", "x = )", "import = 3", "%%js\nvar = ;\nlet x = 1"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "%%js\n[1, 2, 3].map(x => x * 2).join(',')", "result": "2,4,6"},
        {"code": "'sslheads'.upper()", "result": "'SSLHEADS'"},
        {"code": "from sslheads import pandas as pd\npd.DataFrame({'leaf': ['p1', 'p2']})", "mime": "text/html"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")

    code_display_data = [
        {"code": "display(3)", "mime": "text/plain"},
        {"code": "import java\ndisplay(java.type('dev.sslheads.kernel.Charts').line('t', 'x', 'y', 's', [1.0, 2.0]))",
         "mime": "image/png"},
        {"code": "from sslheads import pandas as pd\ndisplay(pd.DataFrame({'a': [1, 2]}))", "mime": "text/html"},
        {"code": "%%js\ndisplay('from js')", "mime": "text/plain"},
    ]
    code_inspect_sample = "len"
    code_clear_output = "clear_output()"


if __name__ == "__main__":
    unittest.main()
