/**
 * The conformance kit every transport runs (in {@code greetwire-api}'s test-jar): the suites
 * {@link io.greetwire.tck.AbstractTransportTest} and {@link io.greetwire.tck.AbstractFaultTest},
 * extended by one thin class per transport, and the peers they need (hostile servers, a
 * descriptor-limited server in a child JVM, loopback helpers).
 */
package io.greetwire.tck;
