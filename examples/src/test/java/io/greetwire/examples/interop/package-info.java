/**
 * Tests against peers Greetwire did not write: the seed's C programs, xinetd's daytime and time,
 * rdate, OpenBSD netcat and tcpdump, each run once per transport on the class path; a missing peer
 * skips, or fails with {@code -Dgreetwire.interop.required=true}.
 */
package io.greetwire.examples.interop;
