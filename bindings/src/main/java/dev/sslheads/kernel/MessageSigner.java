package dev.sslheads.kernel;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a message's four JSON frames (header, parent header, metadata, content), as hex.
 * An empty key means messages are not signed (the signature frame is empty). Verification compares
 * in constant time ({@link MessageDigest#isEqual}). The key never leaves this object.
 */
final class MessageSigner {
    private final SecretKeySpec key;

    MessageSigner(byte[] key) {
        this.key = key.length == 0 ? null : new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** The hex signature of {@code frames}, or "" without a key. */
    String sign(List<byte[]> frames) {
        if (key == null) {
            return "";
        }
        return HexFormat.of().formatHex(mac(frames));
    }

    /** Whether {@code signature} (hex, as received) signs {@code frames}; any signature passes without a key. */
    boolean verify(byte[] signature, List<byte[]> frames) {
        if (key == null) {
            return true;
        }
        byte[] expected = HexFormat.of().formatHex(mac(frames)).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature);
    }

    private byte[] mac(List<byte[]> frames) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (byte[] frame : frames) {
                mac.update(frame);
            }
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
