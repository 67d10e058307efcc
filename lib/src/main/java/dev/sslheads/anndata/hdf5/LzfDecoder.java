package dev.sslheads.anndata.hdf5;

import java.util.Arrays;

/**
 * Decompresses one raw LZF block (Marc Lehmann's liblzf format, which h5py's LZF filter writes
 * without any header). Hand-written because the block's decompressed size is not always known (h5py
 * leaves it out for variable-length data), while the Java LZF library on Maven Central
 * (compress-lzf) decodes raw blocks only into an output of exactly known size; the format is two
 * instructions (copy a literal run, copy a back reference) and fits in one method.
 */
final class LzfDecoder {
    private LzfDecoder() {}

    /**
     * @param sizeHint the expected decompressed size, or 0 when unknown (the output then grows)
     * @return the decompressed bytes
     * @throws IllegalArgumentException if the block is corrupted (a reference before the start, a run past the end)
     */
    static byte[] decode(byte[] in, int length, int sizeHint) {
        byte[] out = new byte[Math.max(sizeHint, Math.max(64, length * 2))];
        int ip = 0;
        int op = 0;
        while (ip < length) {
            int ctrl = in[ip++] & 0xff;
            if (ctrl < 32) {
                int run = ctrl + 1;
                if (ip + run > length) {
                    throw new IllegalArgumentException("corrupted LZF block: a literal run of " + run + " bytes passes its end");
                }
                out = room(out, op + run);
                System.arraycopy(in, ip, out, op, run);
                ip += run;
                op += run;
            } else {
                int len = ctrl >> 5;
                if (ip >= length) {
                    throw new IllegalArgumentException("corrupted LZF block: a back reference is cut off");
                }
                if (len == 7) {
                    len += in[ip++] & 0xff;
                    if (ip >= length) {
                        throw new IllegalArgumentException("corrupted LZF block: a back reference is cut off");
                    }
                }
                int ref = op - ((ctrl & 0x1f) << 8) - 1 - (in[ip++] & 0xff);
                len += 2;
                if (ref < 0) {
                    throw new IllegalArgumentException("corrupted LZF block: a back reference points before the start");
                }
                out = room(out, op + len);
                for (int k = 0; k < len; k++) {
                    out[op++] = out[ref++];
                }
            }
        }
        return op == out.length ? out : Arrays.copyOf(out, op);
    }

    private static byte[] room(byte[] out, int needed) {
        return needed <= out.length ? out : Arrays.copyOf(out, Math.max(needed, out.length * 2));
    }
}
