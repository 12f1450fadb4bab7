package io.greetwire;

/** The TLS versions Greetwire speaks. TLS 1.3 alone is the default; 1.2 is there for older peers. */
public enum TlsVersion {
    /** TLS 1.2 (RFC 5246): two round trips before the greeting. */
    TLS_1_2("TLSv1.2"),
    /** TLS 1.3 (RFC 8446): one round trip before the greeting; the default. */
    TLS_1_3("TLSv1.3");

    private final String protocolName;

    TlsVersion(String protocolName) {
        this.protocolName = protocolName;
    }

    /** The name the JDK and OpenSSL use, e.g. {@code TLSv1.3}. */
    public String protocolName() {
        return protocolName;
    }
}
