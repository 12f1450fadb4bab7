/**
 * The pieces the shipped transports share: the server lifecycle, the greeting cache, the
 * counters, the accept back-off, the client's reader, and the one classification of failures
 * ({@link io.greetwire.internal.Failures}).
 *
 * <p><strong>Not an API.</strong> Exported only to the {@code blocking}, {@code nio} and
 * {@code netty} transport modules; users and third-party transports must not use it. Anything
 * here may change or go in any release.
 */
package io.greetwire.internal;
