package dev.sslheads.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.sslheads.bindings.GraalEngine;

/** The content of {@code kernel_info_reply}: protocol 5.3, Python (GraalPy) as the language. */
final class KernelInfo {
    private KernelInfo() {}

    /** Asks the shared engine, not the context, so that it answers while the context starts. */
    static JsonObject content() {
        String pythonVersion = GraalEngine.get().getLanguages().get(GraalEngine.PYTHON).getVersion();
        JsonObject language = new JsonObject();
        language.addProperty("name", "python");
        language.addProperty("version", pythonVersion);
        language.addProperty("mimetype", "text/x-python");
        language.addProperty("file_extension", ".py");
        language.addProperty("pygments_lexer", "ipython3");
        JsonObject codemirror = new JsonObject();
        codemirror.addProperty("name", "ipython");
        codemirror.addProperty("version", 3);
        language.add("codemirror_mode", codemirror);
        language.addProperty("nbconvert_exporter", "python");
        JsonObject info = KernelServer.ok();
        info.addProperty("protocol_version", Message.PROTOCOL_VERSION);
        info.addProperty("implementation", "sslheads");
        info.addProperty("implementation_version", KernelMain.VERSION);
        info.add("language_info", language);
        info.addProperty("banner", "sslheads kernel: GraalPy (Python " + pythonVersion + ") with GraalJS (%%js cells) on "
                + GraalEngine.get().getImplementationName() + "; import novae, import sslheads");
        JsonArray links = new JsonArray();
        JsonObject link = new JsonObject();
        link.addProperty("text", "GraalPy");
        link.addProperty("url", "https://www.graalvm.org/python/");
        links.add(link);
        info.add("help_links", links);
        return info;
    }
}
