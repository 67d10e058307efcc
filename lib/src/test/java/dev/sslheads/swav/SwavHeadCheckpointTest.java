package dev.sslheads.swav;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sslheads.util.CheckpointFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Save and load: exact round trip, atomic writes, clear errors for foreign, truncated, corrupted or newer files. */
class SwavHeadCheckpointTest {
    @TempDir
    Path dir;

    private static SwavHead trainedLikeHead() {
        Mode mode = new Mode();
        mode.setTrained(true);
        SwavHead head = new SwavHead(mode, 8, 12, 0.2, 3L, null);
        head.setSettings(NovaeSettings.DEFAULTS.withSwavEpsilon(0.03).withQueueSize(3).withQueueWeightThresholdRatio(0.95));
        head.initQueue(List.of("s1", "s2"));
        head.setMinPrototypes(0.3);
        head.setPrototypesFrozen(true);
        NDArray z = head.manager().randomNormal(new Shape(40, 8));
        head.forward(z.get("0:10"), z.get("10:20"), "s1");
        head.forward(z.get("20:30"), z.get("30:40"), "s2");
        head.setKmeansPrototypes(z);
        return head;
    }

    @Test
    void roundTripsExactly() throws IOException {
        Path file = dir.resolve("head.swav");
        try (SwavHead head = trainedLikeHead()) {
            head.save(file);
            try (SwavHead loaded = SwavHead.load(file, null)) {
                assertArrayEquals(head.prototypesParameter().getArray().toFloatArray(), loaded.prototypesParameter().getArray().toFloatArray());
                assertArrayEquals(head.kmeansPrototypes().toFloatArray(), loaded.kmeansPrototypes().toFloatArray());
                assertArrayEquals(head.queue().toFloatArray(), loaded.queue().toFloatArray());
                assertEquals(head.queue().getShape(), loaded.queue().getShape());
                assertEquals(head.slideIds(), loaded.slideIds());
                assertEquals(head.settings(), loaded.settings());
                assertEquals(head.minPrototypes(), loaded.minPrototypes());
                assertEquals(head.temperature(), loaded.temperature());
                assertEquals(head.mode().toString(), loaded.mode().toString());
                assertTrue(loaded.prototypesFrozen());
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void headWithoutQueueOrKmeans() throws IOException {
        Path file = dir.resolve("plain.swav");
        try (SwavHead head = new SwavHead(new Mode(), 4, 5, 0.1)) {
            head.save(file);
            try (SwavHead loaded = SwavHead.load(file, null)) {
                assertNull(loaded.queue());
                assertNull(loaded.kmeansPrototypes());
                assertArrayEquals(head.prototypesParameter().getArray().toFloatArray(), loaded.prototypesParameter().getArray().toFloatArray());
            }
        }
    }

    @Test
    void overwritesAtomically() throws IOException {
        Path file = dir.resolve("head.swav");
        Files.writeString(file, "old content");
        try (SwavHead head = new SwavHead(new Mode(), 4, 5, 0.1)) {
            head.save(file);
        }
        try (SwavHead loaded = SwavHead.load(file, null)) {
            assertEquals(5, loaded.numPrototypes());
        }
    }

    @Test
    void rejectsForeignTruncatedCorruptedAndNewerFiles() throws IOException {
        Path good = dir.resolve("good.swav");
        try (SwavHead head = trainedLikeHead()) {
            head.save(good);
        }
        byte[] bytes = Files.readAllBytes(good);

        Path foreign = dir.resolve("foreign.bin");
        Files.writeString(foreign, "PK\u0003\u0004 this is a zip, not a head");
        assertMessage(foreign, "not an sslheads SwavHead checkpoint (expected magic 'SSLHEADSSWAV')");

        Path truncated = dir.resolve("truncated.swav");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertMessage(truncated, "checksum mismatch: the file is truncated or corrupted");

        Path corrupted = dir.resolve("corrupted.swav");
        byte[] flipped = bytes.clone();
        flipped[bytes.length - 100] ^= 0x40;
        Files.write(corrupted, flipped);
        assertMessage(corrupted, "checksum mismatch: the file is truncated or corrupted");

        Path newer = dir.resolve("newer.swav");
        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).putInt(12, 99);
        Files.write(newer, future);
        assertMessage(newer, "unsupported format version 99 (this build reads version 1)");
    }

    private static void assertMessage(Path file, String problem) {
        CheckpointFormatException e = assertThrows(CheckpointFormatException.class, () -> SwavHead.load(file, null));
        assertEquals("cannot load " + file + ": " + problem, e.getMessage());
    }
}
