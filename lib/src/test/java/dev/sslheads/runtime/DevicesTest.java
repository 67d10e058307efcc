package dev.sslheads.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DevicesTest {

    @AfterEach
    void clearProperty() {
        System.clearProperty(Devices.PROPERTY);
    }

    @Test
    void cpuResolves() {
        assertEquals(Device.cpu(), Devices.resolve("cpu"));
        assertEquals(Device.cpu(), Devices.resolve(" CPU "));
    }

    @Test
    void defaultIsCpuAndPropertyIsRead() {
        System.clearProperty(Devices.PROPERTY);
        assertEquals(Device.cpu(), Devices.resolve());
        assertEquals(Device.cpu(), Devices.resolve(""));
        System.setProperty(Devices.PROPERTY, "cpu");
        assertEquals(Device.cpu(), Devices.resolve(null));
    }

    @Test
    void gpuWithoutGpuGivesClearError() {
        assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible; this test is for CPU-only machines");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.resolve("gpu"));
        String m = e.getMessage();
        assertTrue(m.startsWith("device \"gpu\" requested, but no GPU is visible to the PyTorch engine"), m);
        assertTrue(m.contains("PYTORCH_LIBRARY_PATH"), m);
        assertTrue(m.contains("--allow-download"), m);
        assertThrows(IllegalStateException.class, () -> Devices.resolve("gpu:1"));
    }

    @Test
    void gpuResolvesWhenVisible() {
        int count = Engine.getInstance().getGpuCount();
        assumeTrue(count > 0, "no GPU visible to the engine");
        assertEquals(Device.gpu(0), Devices.resolve("gpu"));
        assertEquals(Device.gpu(count - 1), Devices.resolve("gpu:" + (count - 1)));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Devices.resolve("gpu:" + count));
        assertTrue(e.getMessage().contains("sees only " + count + " GPU(s)"), e.getMessage());
    }

    @Test
    void unknownNameNamesArgumentExpectedAndActual() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Devices.resolve("tpu"));
        assertEquals("device: expected \"cpu\", \"gpu\" or \"gpu:N\" (N >= 0), but was \"tpu\"", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:"));
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:-1"));
        assertThrows(IllegalArgumentException.class, () -> Devices.resolve("gpu:99999999999"));
    }

    @Test
    void unknownPropertyValueNamesTheProperty() {
        System.setProperty(Devices.PROPERTY, "tpu");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, Devices::resolve);
        assertEquals("system property sslheads.device: expected \"cpu\", \"gpu\" or \"gpu:N\" (N >= 0), but was \"tpu\"",
                e.getMessage());
    }
}
