package io.greetwire.examples.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads tcpdump's one-line text output for TCP over IPv4 or IPv6, e.g.
 *
 * <pre>
 * 19:15:46.482230 IP 127.0.0.1.35561 &gt; 127.0.0.1.52162: Flags [S.], seq 193292235, ack 2185233263, win 65483, options [...], length 0
 * </pre>
 *
 * Addresses may be numbers ({@code -nn}) or names (the seed's {@code localhost.localdomain.34585});
 * the port is what follows the last dot. Lines that are not TCP segments (tcpdump's banner and
 * statistics, other protocols) are skipped. Stateless and thread-safe.
 */
public final class TcpdumpParser {
    private static final Pattern LINE = Pattern.compile(
            "^(\\S+)\\s+IP6?\\s+(\\S+)\\.(\\d+)\\s+>\\s+(\\S+)\\.(\\d+):\\s+Flags\\s+\\[([^\\]]*)\\](.*)$");
    private static final Pattern SEQ = Pattern.compile("(?:^|,)\\s*seq (\\d+)(?::(\\d+))?");
    private static final Pattern ACK = Pattern.compile("(?:^|,)\\s*ack (\\d+)");
    private static final Pattern HEX = Pattern.compile("^\\s+0x[0-9a-f]+:\\s+((?:[0-9a-f]{2,4} ?)+)\\s*$");
    private static final Pattern LENGTH = Pattern.compile("(?:^|,)\\s*length (\\d+)");

    /** The segment on one line, or empty if the line is not a TCP segment. */
    public Optional<Segment> parseLine(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        String rest = m.group(7);
        // Options ("options [mss 65495,sackOK,TS val 1 ecr 0,...]") hold commas and numbers of
        // their own: look for seq/ack/length outside the brackets only.
        String fields = rest.replaceAll("\\[[^\\]]*\\]", "[]");
        long seq = -1;
        long seqEnd = -1;
        Matcher s = SEQ.matcher(fields);
        if (s.find()) {
            seq = Long.parseLong(s.group(1));
            seqEnd = s.group(2) != null ? Long.parseLong(s.group(2)) : seq;
        }
        Matcher a = ACK.matcher(fields);
        long ack = a.find() ? Long.parseLong(a.group(1)) : -1;
        Matcher l = LENGTH.matcher(fields);
        int length = l.find() ? Integer.parseInt(l.group(1)) : 0;
        return Optional.of(new Segment(m.group(1), m.group(2), Integer.parseInt(m.group(3)),
                m.group(4), Integer.parseInt(m.group(5)), m.group(6), seq, seqEnd, ack, length));
    }

    /** Every TCP segment in tcpdump's output, in order. */
    public List<Segment> parse(Iterable<String> lines) {
        List<Segment> out = new ArrayList<>();
        for (String line : lines) {
            parseLine(line).ifPresent(out::add);
        }
        return out;
    }

    /**
     * Every TCP segment with its payload, from tcpdump {@code -x} output: each segment line is
     * followed by lines such as {@code \t0x0010:  7f00 0001 ...} holding the whole IP packet; the
     * payload is its last {@code length} bytes, whatever the IP and TCP header lengths.
     */
    public List<Packet> parsePackets(Iterable<String> lines) {
        List<Packet> out = new ArrayList<>();
        Segment current = null;
        java.io.ByteArrayOutputStream hex = new java.io.ByteArrayOutputStream();
        for (String line : lines) {
            Matcher h = HEX.matcher(line);
            if (h.matches()) {
                if (current != null) {
                    String digits = h.group(1).replace(" ", "");
                    for (int i = 0; i + 1 < digits.length(); i += 2) {
                        hex.write(Integer.parseInt(digits, i, i + 2, 16));
                    }
                }
                continue;
            }
            Optional<Segment> s = parseLine(line);
            if (s.isPresent()) {
                if (current != null) {
                    out.add(packet(current, hex.toByteArray()));
                }
                current = s.get();
                hex.reset();
            }
        }
        if (current != null) {
            out.add(packet(current, hex.toByteArray()));
        }
        return out;
    }

    private static Packet packet(Segment s, byte[] ip) {
        int n = s.length() <= ip.length ? s.length() : 0; // a truncated dump (small snaplen): no payload to show
        return new Packet(s, java.util.Arrays.copyOfRange(ip, ip.length - n, ip.length));
    }

    /** Every TCP segment in tcpdump's output, in order. */
    public List<Segment> parse(String text) {
        return parse(text.lines()::iterator);
    }
}
