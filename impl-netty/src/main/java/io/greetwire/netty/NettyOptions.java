package io.greetwire.netty;

import java.util.Locale;
import java.util.Map;

/**
 * The {@code netty.*} options, checked when a server or client is created. Other transports' keys
 * are ignored, so that one config can serve several transports.
 *
 * <ul>
 *   <li>{@code netty.flavour} = {@code auto} (default: epoll where it works, then io_uring, then
 *       nio: Netty 4.2.18's io_uring cannot pause accepting under EMFILE and may miss a reset while
 *       a client reads), {@code io_uring}, {@code epoll} or {@code nio};</li>
 *   <li>{@code netty.reusePort} = {@code false} (default) or {@code true}: servers open one
 *       SO_REUSEPORT listening socket per event loop, so accepting scales past one thread. Clients
 *       ignore it.</li>
 *   <li>{@code netty.tls.provider} = {@code auto} (default: OpenSSL where netty-tcnative is on the
 *       class path, else the JDK), {@code openssl} or {@code jdk}: who does a TLS server's
 *       handshakes. Clients always use the JDK's, which holds their session cache.</li>
 *   <li>{@code netty.inlineLimit} = {@value #DEFAULT_INLINE_LIMIT} (default) bytes, 0 to
 *       {@value #MAX_INLINE_LIMIT}: on epoll without TLS, a shared greeting up to this size is
 *       written by the accepting loop straight to the accepted socket, which it then closes, before
 *       any event loop registers the channel; 0 hands every connection to the loops. Clients ignore it.</li>
 * </ul>
 */
final class NettyOptions {
    static final String PREFIX = "netty.";
    static final String FLAVOUR = PREFIX + "flavour";
    static final String REUSE_PORT = PREFIX + "reusePort";
    static final String TLS_PROVIDER = PREFIX + "tls.provider";
    static final String INLINE_LIMIT = PREFIX + "inlineLimit";
    /** The default {@code netty.inlineLimit}: {@value} bytes, the smallest send buffer Linux gives a socket. */
    static final int DEFAULT_INLINE_LIMIT = 4096;
    /**
     * The largest {@code netty.inlineLimit}: {@value} bytes. The accepting loop makes one
     * non-blocking write whatever the size, so the limit bounds only the copy one write may make.
     */
    static final int MAX_INLINE_LIMIT = 1 << 20;

    final Flavour flavour;
    final boolean reusePort;
    /** "auto", "openssl" or "jdk"; resolved when a TLS server starts. */
    final String tlsProvider;
    final int inlineLimit;

    private NettyOptions(Flavour flavour, boolean reusePort, String tlsProvider, int inlineLimit) {
        this.flavour = flavour;
        this.reusePort = reusePort;
        this.tlsProvider = tlsProvider;
        this.inlineLimit = inlineLimit;
    }

    /** @throws IllegalArgumentException naming the key and the value for an unknown key, a bad value, a flavour that cannot run here */
    static NettyOptions parse(Map<String, String> options, boolean forClient) {
        Flavour flavour = null;
        boolean reusePort = false;
        String tlsProvider = "auto";
        int inlineLimit = DEFAULT_INLINE_LIMIT;
        for (Map.Entry<String, String> e : options.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (!key.startsWith(PREFIX)) {
                continue;
            }
            switch (key) {
                case FLAVOUR: {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (v.equals("auto")) {
                        flavour = null;
                        break;
                    }
                    Flavour f = Flavour.byId(v);
                    if (f == null) {
                        throw new IllegalArgumentException(FLAVOUR + ": must be auto, io_uring, epoll or nio, got '" + value + "'");
                    }
                    if (!f.isAvailable()) {
                        throw new IllegalArgumentException(FLAVOUR + "=" + value + ": " + f.unavailableReason());
                    }
                    flavour = f;
                    break;
                }
                case REUSE_PORT: {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (v.equals("true")) {
                        reusePort = true;
                    } else if (v.equals("false")) {
                        reusePort = false;
                    } else {
                        throw new IllegalArgumentException(REUSE_PORT + ": must be true or false, got '" + value + "'");
                    }
                    break;
                }
                case TLS_PROVIDER: {
                    String v = value.trim().toLowerCase(Locale.ROOT);
                    if (!v.equals("auto") && !v.equals("openssl") && !v.equals("jdk")) {
                        throw new IllegalArgumentException(TLS_PROVIDER + ": must be auto, openssl or jdk, got '" + value + "'");
                    }
                    if (v.equals("openssl")) {
                        String why = NettyTls.openSslUnavailableReason();
                        if (!why.isEmpty()) {
                            throw new IllegalArgumentException(TLS_PROVIDER + "=openssl: " + why);
                        }
                    }
                    tlsProvider = v;
                    break;
                }
                case INLINE_LIMIT: {
                    int v;
                    try {
                        v = Integer.parseInt(value.trim());
                    } catch (NumberFormatException ex) {
                        v = -1;
                    }
                    if (v < 0 || v > MAX_INLINE_LIMIT) {
                        throw new IllegalArgumentException(INLINE_LIMIT + ": must be a number of bytes from 0 to "
                                + MAX_INLINE_LIMIT + ", got '" + value + "'");
                    }
                    inlineLimit = v;
                    break;
                }
                default:
                    throw new IllegalArgumentException("unknown option '" + key + "' (value '" + value
                            + "'); the netty transport knows " + FLAVOUR + ", " + REUSE_PORT + ", " + TLS_PROVIDER
                            + ", " + INLINE_LIMIT);
            }
        }
        Flavour auto = forClient ? Flavour.bestForClient() : Flavour.bestForServer();
        return new NettyOptions(flavour != null ? flavour : auto, reusePort, tlsProvider, inlineLimit);
    }
}
