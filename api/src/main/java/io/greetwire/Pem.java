package io.greetwire;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM files with the JDK alone: X.509 certificates and unencrypted PKCS#8 private keys (EC,
 * RSA, Ed25519). Every failure is an {@link IllegalArgumentException} naming the field, the file
 * and what is wrong with it, since these files are configuration.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"EC", "RSA", "Ed25519", "Ed448"};

    private Pem() { }

    /** The certificates of a PEM file, in file order (a chain starts with the leaf). */
    static List<X509Certificate> certificates(String field, Path file) {
        String text = read(field, file);
        List<X509Certificate> certs = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (byte[] der : blocks(field, file, text, "CERTIFICATE")) {
                certs.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": " + file + " holds a CERTIFICATE that does not parse: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException(field + ": no -----BEGIN CERTIFICATE----- block in " + file);
        }
        return certs;
    }

    /** The one PKCS#8 private key of a PEM file. */
    static PrivateKey privateKey(String field, Path file) {
        String text = read(field, file);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            if (type.equals("PRIVATE KEY")) {
                return pkcs8(field, file, decode(field, file, m.group(2)));
            }
            if (type.endsWith("PRIVATE KEY")) {
                throw new IllegalArgumentException(field + ": " + file + " holds a " + type + " block; Greetwire reads"
                        + " unencrypted PKCS#8 (BEGIN PRIVATE KEY). Convert it with:"
                        + " openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem");
            }
        }
        throw new IllegalArgumentException(field + ": no -----BEGIN PRIVATE KEY----- block in " + file);
    }

    /** A key store holding {@code certs} as trusted entries. */
    static KeyStore trustStore(List<X509Certificate> certs) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        for (int i = 0; i < certs.size(); i++) {
            ks.setCertificateEntry("ca-" + i, certs.get(i));
        }
        return ks;
    }

    /** A key store holding one key entry, protected by {@code password}. */
    static KeyStore keyStore(PrivateKey key, List<X509Certificate> chain, char[] password) throws GeneralSecurityException {
        KeyStore ks = emptyStore();
        ks.setKeyEntry("key", key, password, chain.toArray(new Certificate[0]));
        return ks;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        return ks;
    }

    private static PrivateKey pkcs8(String field, Path file, byte[] der) {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException(field + ": the PRIVATE KEY in " + file + " is none of "
                + String.join(", ", KEY_ALGORITHMS) + " (or is not PKCS#8)");
    }

    private static List<byte[]> blocks(String field, Path file, String text, String wanted) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            if (m.group(1).equals(wanted)) {
                out.add(decode(field, file, m.group(2)));
            }
        }
        return out;
    }

    private static byte[] decode(String field, Path file, String base64) {
        try {
            return Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": bad base64 in " + file + ": " + e.getMessage(), e);
        }
    }

    private static String read(String field, Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + ": cannot read " + file + ": " + e, e);
        }
    }
}
