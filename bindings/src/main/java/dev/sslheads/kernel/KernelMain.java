package dev.sslheads.kernel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.logging.Logger;

/**
 * The sslheads Jupyter kernel: {@code KernelMain CONNECTION_FILE}, as started by Jupyter from the
 * kernelspec that {@code scripts/sslheads kernel install} writes ({@link KernelSpec}).
 */
public final class KernelMain {
    static final String VERSION = "0.1.0";
    private static final Logger LOG = Logger.getLogger(KernelMain.class.getName());

    private KernelMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE");
            System.exit(2);
        }
        System.setProperty("java.awt.headless", "true");
        ConnectionFile connection = ConnectionFile.read(Path.of(args[0]));
        LOG.info("sslheads kernel on " + connection);
        try (KernelChannels channels = new KernelChannels(connection)) {
            new KernelServer(channels).run();
        }
        System.exit(0);
    }
}
