/**
 * What the {@code trace} command needs: running tcpdump beside a fetch
 * ({@link io.greetwire.examples.trace.TcpdumpCapture}), parsing its lines into
 * {@link io.greetwire.examples.trace.Segment}s and explaining each one as the seed does
 * ({@link io.greetwire.examples.trace.SegmentAnnotator}).
 */
package io.greetwire.examples.trace;
