///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 25
//DEPS dev.sslheads:sslheads-lib:0.1.0-SNAPSHOT
//DEPS dev.sslheads:sslheads-bindings:0.1.0-SNAPSHOT
//JAVA_OPTIONS --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
//JAVA_OPTIONS -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.log.ai.djl=warn -Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils=error

// novae's SwAV head as a one-off JBang script: scripts/sslheads jbang scripts/examples/NovaeHead.java [steps]
//
// The launcher installs the project's artifacts into the local Maven repository (where //DEPS finds
// them), points JAVA_HOME at the JDK 25 it found (//JAVA 25 then downloads nothing) and passes the
// offline DJL, thread and device settings. Builds a head with a queue over two slides, runs a few
// forward/backward passes on the digits, checks the queue, the hierarchical domains and the
// zero-shot prototypes, and finally imports the "sslheads" JS module through the bindings jar.
// Exits 1 on the first failed check.

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.sslheads.bindings.GuestContexts;
import dev.sslheads.data.Digits;
import dev.sslheads.runtime.Devices;
import dev.sslheads.swav.Leaves;
import dev.sslheads.swav.Mode;
import dev.sslheads.swav.SwavHead;
import dev.sslheads.swav.UnknownSlideException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import tech.tablesaw.api.StringColumn;

public class NovaeHead {
    private static final int OUTPUT_SIZE = 16;
    private static final int PROTOTYPES = 12;
    private static final int BATCH = 64;
    private static final List<String> SLIDES = List.of("slide-A", "slide-B");

    public static void main(String[] args) {
        try {
            run(args.length > 0 ? Integer.parseInt(args[0]) : 6);
            System.out.println("NovaeHead OK");
        } catch (Exception | AssertionError e) {
            System.err.println("NovaeHead FAILED: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError("check failed: " + message);
        }
    }

    static void run(int steps) throws Exception {
        long start = System.nanoTime();
        Device device = Devices.resolve();
        Engine.getInstance().setRandomSeed(0);
        Digits digits = Digits.load();
        System.out.printf(Locale.ROOT, "java %s, %s on %s, %d digits%n", Runtime.version(), Engine.getInstance().getEngineName(), device, digits.size());

        Mode mode = new Mode();
        try (SwavHead head = new SwavHead(mode, OUTPUT_SIZE, PROTOTYPES, 0.1, 0L, device)) {
            NDManager manager = head.manager();
            head.initQueue(SLIDES);
            head.setMinPrototypes(0.25);
            NDArray pixels = manager.create(flatten(digits.pixels()), new Shape(digits.size(), Digits.FEATURES)).div(16f);
            NDArray encoder = manager.randomNormal(new Shape(Digits.FEATURES, OUTPUT_SIZE)).mul(0.1f); // a fixed random encoder

            // ---- a few forward/backward passes over two slides (plain SGD on the prototypes)
            NDArray prototypes = head.prototypesParameter().getArray();
            for (int step = 0; step < steps; step++) {
                String slide = SLIDES.get(step % SLIDES.size());
                NDArray rows = pixels.get(new NDIndex("{}:{}", step * BATCH, (step + 1) * BATCH));
                NDArray z1 = rows.add(manager.randomNormal(rows.getShape()).mul(0.1f)).matMul(encoder);
                NDArray z2 = rows.add(manager.randomNormal(rows.getShape()).mul(0.1f)).matMul(encoder);
                float loss;
                float entropy;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDList out = head.forward(z1, z2, slide);
                    collector.backward(out.get(0));
                    loss = out.get(0).getFloat();
                    entropy = out.get(1).getFloat();
                }
                NDArray gradient = prototypes.getGradient();
                check(gradient.abs().sum().getFloat() > 0, "the prototypes received a gradient");
                prototypes.subi(gradient.mul(0.5f));
                gradient.muli(0);
                check(Float.isFinite(loss) && entropy > 0 && entropy <= 1.0001f, "finite loss and entropy in (0, 1]: " + loss + ", " + entropy);
                System.out.printf(Locale.ROOT, "step %d (%s)  loss %.4f  entropy %.4f%n", step, slide, loss, entropy);
            }
            check(head.slideIds().equals(SLIDES) && head.minPrototypes() == 3, "queue over " + head.slideIds());
            try (NDArray projections = head.projection(pixels.get(new NDIndex("0:32")).matMul(encoder));
                    NDArray ilocs = head.prototypeIlocs(projections, "slide-B")) {
                check(ilocs.size() >= head.minPrototypes(), "slide-B may use at least minPrototypes prototypes: " + ilocs.size());
            }
            try {
                head.forward(pixels.get(new NDIndex("0:8")).matMul(encoder), pixels.get(new NDIndex("8:16")).matMul(encoder), "slide-C");
                check(false, "an unknown slide must be rejected");
            } catch (UnknownSlideException expected) {
                System.out.println("unknown slide rejected: " + expected.getMessage());
            }

            // ---- hierarchical domains of the prototypes
            NDArray latent = pixels.matMul(encoder);
            head.hierarchicalClustering();
            StringColumn leaves = Leaves.assign(head, latent);
            check(leaves.size() == digits.size(), "one leaf per image");
            int[] leafIndices = leaves.asList().stream().mapToInt(s -> Integer.parseInt(s.substring(1))).toArray();
            for (int level : new int[] {2, 4, 8}) {
                StringColumn domains = head.mapLeavesDomains(leaves, level);
                check(domains.countUnique() <= level, "at most " + level + " domains at level " + level);
                System.out.printf(Locale.ROOT, "level %d: %d domains%n", level, domains.countUnique());
            }
            int distinct = new HashSet<>(leaves.asList()).size();
            int nDomains = Math.min(3, distinct);
            int level = head.findLevel(leafIndices, nDomains);
            check(head.mapLeavesDomains(leaves, level).countUnique() == nDomains, "findLevel gives " + nDomains + " domains");
            System.out.printf(Locale.ROOT, "leaves: %d distinct; findLevel(%d domains) = %d%n", distinct, nDomains, level);

            // ---- zero-shot: k-means prototypes and their own tree
            mode.setZeroShot(true);
            head.setKmeansPrototypes(latent);
            head.hierarchicalClustering();
            StringColumn zeroShot = head.mapLeavesDomains(Leaves.assign(head, latent), 4);
            check(zeroShot.countUnique() <= 4, "zero-shot domains at level 4");
            System.out.printf(Locale.ROOT, "zero-shot: %d domains at level 4%n", zeroShot.countUnique());
            mode.setZeroShot(false);

            // ---- the same head from the GraalJS module, loaded from the bindings jar by its bare name
            checkFromJs(head, leaves);
        }
        System.out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }

    /** Imports "sslheads" in a polyglot context and reads the head through the JS SwavHead. */
    static void checkFromJs(SwavHead head, StringColumn leaves) throws Exception {
        try (Context context = GuestContexts.create("NovaeHead.java")) {
            context.getBindings("js").putMember("javaHead", head);
            context.getBindings("js").putMember("javaLeaves", leaves);
            String module = """
                    import { SwavHead } from "sslheads";
                    const head = new SwavHead(globalThis.javaHead);
                    export const numPrototypes = head.numPrototypes;
                    export const domains = head.mapLeavesDomains(globalThis.javaLeaves, 4);
                    let name = "";
                    const z = Array.from({ length: 4 }, (_, i) => Array.from({ length: head.outputSize }, (_, j) => i + j));
                    try { head.forward(z, z, "slide-C"); } catch (e) { name = e.name; }
                    export const errorName = name;
                    """;
            Value exports = context.eval(Source.newBuilder("js", module, "check.mjs").mimeType("application/javascript+module").build());
            check(exports.getMember("numPrototypes").asInt() == PROTOTYPES, "JS sees K");
            StringColumn domains = exports.getMember("domains").as(StringColumn.class);
            check(domains.asList().equals(head.mapLeavesDomains(leaves, 4).asList()), "JS and Java map leaves to the same domains");
            String errorName = exports.getMember("errorName").asString();
            check(errorName.equals("KeyError"), "JS translated the unknown slide into KeyError: " + errorName);
            System.out.println("from JS: K=" + exports.getMember("numPrototypes").asInt() + ", " + domains.countUnique() + " domains at level 4, bad input -> " + errorName);
        }
    }

    static float[] flatten(float[][] rows) {
        float[] flat = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * rows[0].length, rows[0].length);
        }
        return flat;
    }
}
