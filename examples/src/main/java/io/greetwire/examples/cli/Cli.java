package io.greetwire.examples.cli;

import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.spi.Transports;
import io.greetwire.spi.GreetingTransport;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** What the commands share: address and greeting printing, transport lookup, error lines. */
final class Cli {
    private Cli() { }

    /** {@code 127.0.0.1:20000}, {@code [::1]:20000}, {@code 0.0.0.0:20000} for all interfaces. */
    static String hostPort(java.net.SocketAddress address) {
        if (address instanceof java.net.UnixDomainSocketAddress) {
            String path = ((java.net.UnixDomainSocketAddress) address).getPath().toString();
            return path.isEmpty() ? "unix:(unnamed)" : "unix:" + path;
        }
        InetSocketAddress a = (InetSocketAddress) address;
        InetAddress ip = a.getAddress();
        String host;
        if (ip == null) {
            host = a.getHostString();
        } else if (ip.isAnyLocalAddress()) {
            host = ip instanceof Inet6Address ? "[::]" : "0.0.0.0";
        } else {
            host = ip instanceof Inet6Address ? "[" + shortIpv6(ip.getAddress()) + "]" : ip.getHostAddress();
        }
        return host + ":" + a.getPort();
    }

    /** RFC 5952 text: the longest run of two or more zero groups becomes {@code ::}; the JDK never shortens. */
    static String shortIpv6(byte[] a) {
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (a[2 * i] & 0xff) << 8 | (a[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host '" + host + "'");
        }
    }

    static GreetingTransport transport(String name) {
        return name == null ? Transports.best() : Transports.get(name);
    }

    static String formatName(GreetingFormat f) {
        return f.name().toLowerCase(Locale.ROOT);
    }

    /** The greeting's text as a person reads it, ending in one newline. */
    static String printable(Greeting g) {
        String t = g.text();
        return t.endsWith("\n") ? t : t + "\n";
    }

    static String timings(Greeting g) {
        String tls = g.tlsTime().map(t -> String.format(Locale.ROOT, " %s%s=%dus", g.tlsProtocol().orElse("tls"),
                g.tlsResumed() ? "(resumed)" : "", micros(t))).orElse("");
        return String.format(Locale.ROOT, "connect=%dus%s first-byte=%dus total=%dus bytes=%d",
                micros(g.connectTime()), tls, micros(g.firstByteTime()), micros(g.totalTime()), g.length());
    }

    private static long micros(java.time.Duration d) {
        return d.toNanos() / 1_000;
    }

    /** One line for stderr: the specific reason, not a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof GreetingException || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        return e.toString();
    }
}
