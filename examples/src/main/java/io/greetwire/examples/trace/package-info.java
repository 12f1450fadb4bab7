/**
 * What the {@code trace} command needs: running tcpdump beside a fetch
 * ({@link io.greetwire.examples.trace.TcpdumpCapture}), parsing its lines into
 * {@link io.greetwire.examples.trace.Segment}s and explaining each one as the seed does
 * ({@link io.greetwire.examples.trace.SegmentAnnotator}); with {@code --tls}, the payloads
 * ({@link io.greetwire.examples.trace.Packet}) and the TLS records in them
 * ({@link io.greetwire.examples.trace.TlsRecords}).
 */
package io.greetwire.examples.trace;
