package dev.sslheads.anndata.hdf5;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * LZF blocks written by hand from liblzf's format (a control byte below 32: a literal run of ctrl + 1 bytes;
 * otherwise a back reference of length (ctrl >> 5) + 2 at distance ((ctrl & 31) << 8) + next byte + 1). Files
 * h5py compressed with LZF are read in {@code H5adRoundTripTest} (case {@code lzf}).
 */
class LzfDecoderTest {
    @Test
    void literalsAndOverlappingReferences() {
        byte[] block = {2, 'a', 'b', 'c', (byte) 128, 2};
        assertArrayEquals("abcabcabc".getBytes(StandardCharsets.US_ASCII), LzfDecoder.decode(block, block.length, 0));
        byte[] longRun = {0, 'x', (byte) 0xe0, 10, 0}; // length 7 + 10 + 2 = 19 at distance 1
        assertEquals("x".repeat(20), new String(LzfDecoder.decode(longRun, longRun.length, 20), StandardCharsets.US_ASCII));
    }

    @Test
    void corruptedBlocks() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LzfDecoder.decode(new byte[] {(byte) 128, 5}, 2, 0));
        assertEquals("corrupted LZF block: a back reference points before the start", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LzfDecoder.decode(new byte[] {4, 'a'}, 2, 0));
        assertEquals("corrupted LZF block: a literal run of 5 bytes passes its end", e.getMessage());
    }
}
