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

    /** Every TCP segment in tcpdump's output, in order. */
    public List<Segment> parse(String text) {
        return parse(text.lines()::iterator);
    }
}
