package dev.sslheads.bindings.novae;

import dev.sslheads.anndata.AnnData;
import dev.sslheads.bindings.Autograd;
import dev.sslheads.novae.model.EpochResult;
import dev.sslheads.novae.model.FitOptions;
import dev.sslheads.novae.model.Novae;
import dev.sslheads.novae.model.NovaeConfig;
import dev.sslheads.novae.model.Reference;
import dev.sslheads.novae.model.WorkflowSettings;
import dev.sslheads.runtime.Devices;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The host side of GraalPy's and GraalJS's {@code novae.Novae}: argument conversion from guest values
 * (device and accelerator names, optional lists) to {@link Novae}. The model's device is chosen once, at
 * creation ({@code device}, else {@code scripts/sslheads --device}); {@code accelerator} arguments of later
 * calls must name that device or be {@code "cpu"}/{@code "auto"} on it. Every computing call runs with the guest's
 * autograd recording suspended ({@link Autograd}), as the model's own training opens DJL's one gradient collector.
 */
public final class HostNovae {
    private HostNovae() {}

    /** {@code Novae(adata, **kwargs)}. */
    public static Novae create(List<AnnData> adatas, NovaeConfig config, boolean autoPreprocessing, double scaleToMicrons, long seed,
                               String device) {
        return new Novae(adatas, config, new WorkflowSettings(autoPreprocessing, scaleToMicrons), seed, Devices.resolve(device));
    }

    /** {@code model.fit(adata, max_epochs, accelerator, lr, min_delta, patience)} with {@code settings.warmup_epochs}; returns each epoch. */
    public static List<EpochResult> fit(Novae model, List<AnnData> adatas, int maxEpochs, String accelerator, double lr, double minDelta,
                                        int patience, int warmupEpochs) {
        checkAccelerator(model, accelerator);
        FitOptions options = new FitOptions(maxEpochs, lr, minDelta, patience, warmupEpochs);
        return Autograd.suspended(() -> model.fit(adatas, options, null));
    }

    /** {@code model.compute_representations(adata, zero_shot=..., reference=...)}; a null reference is novae's None. */
    public static void computeRepresentations(Novae model, List<AnnData> adatas, boolean zeroShot, Reference reference,
                                              String accelerator) {
        checkAccelerator(model, accelerator);
        Autograd.suspended(() -> {
            model.computeRepresentations(adatas, zeroShot, reference);
            return null;
        });
    }

    /** {@code model.fine_tune(adata, reference=..., max_epochs, accelerator, lr, min_delta, patience, min_prototypes_ratio)}. */
    public static List<EpochResult> fineTune(Novae model, List<AnnData> adatas, Reference reference, int maxEpochs, String accelerator,
                                             double lr, double minDelta, int patience, double minPrototypesRatio) {
        checkAccelerator(model, accelerator);
        FitOptions options = new FitOptions(maxEpochs, lr, minDelta, patience);
        return Autograd.suspended(() -> model.fineTune(adatas, reference, options, minPrototypesRatio, null));
    }

    /** {@code model.assign_domains(adata, level, n_domains, key_added)}; returns the obs key written. */
    public static String assignDomains(Novae model, List<AnnData> adatas, Integer level, Integer nDomains, String keyAdded) {
        return Autograd.suspended(() -> model.assignDomains(adatas, level, nDomains, keyAdded));
    }

    /** {@code model.batch_effect_correction(adata, obs_key)}. */
    public static void batchEffectCorrection(Novae model, List<AnnData> adatas, String obsKey) {
        Autograd.suspended(() -> {
            model.batchEffectCorrection(adatas, obsKey);
            return null;
        });
    }

    /** {@code model.save_pretrained(path)}. */
    public static void savePretrained(Novae model, String path) throws IOException {
        model.savePretrained(Path.of(path));
    }

    /** {@code Novae.from_pretrained(path)} on the model's device. */
    public static Novae fromPretrained(String path, boolean autoPreprocessing, double scaleToMicrons, long seed, String device)
            throws IOException {
        return Novae.fromPretrained(Path.of(path), new WorkflowSettings(autoPreprocessing, scaleToMicrons), seed, Devices.resolve(device));
    }

    /** Rejects an accelerator the model does not live on. */
    static void checkAccelerator(Novae model, String accelerator) {
        String name = accelerator == null ? "auto" : accelerator.trim().toLowerCase(Locale.ROOT);
        boolean onCpu = ai.djl.Device.Type.CPU.equals(model.network().manager().getDevice().getDeviceType());
        if (name.equals("auto") || (name.equals("cpu") && onCpu)) {
            return;
        }
        if (name.equals("cpu") || !Devices.resolve(name.equals("cuda") ? "gpu" : name).equals(model.network().manager().getDevice())) {
            throw new IllegalArgumentException("accelerator must name the device the model lives on (" + model.network().manager().getDevice()
                    + "), got '" + accelerator + "'; choose the device when creating the model (scripts/sslheads --device)");
        }
    }
}
