package io.greetwire.examples.cli;

import io.greetwire.Greeting;
import io.greetwire.GreetingException;
import io.greetwire.GreetingFormat;
import io.greetwire.Transports;
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
    static String hostPort(InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        String host;
        if (ip == null) {
            host = a.getHostString();
        } else if (ip.isAnyLocalAddress()) {
            host = ip instanceof Inet6Address ? "[::]" : "0.0.0.0";
        } else {
            host = ip instanceof Inet6Address ? "[" + ip.getHostAddress() + "]" : ip.getHostAddress();
        }
        return host + ":" + a.getPort();
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
        return String.format(Locale.ROOT, "connect=%dus first-byte=%dus total=%dus bytes=%d",
                micros(g.connectTime()), micros(g.firstByteTime()), micros(g.totalTime()), g.length());
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
