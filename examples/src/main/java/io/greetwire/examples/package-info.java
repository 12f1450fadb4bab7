/**
 * Short programs to read and copy, each runnable on its own: the seed's server and client with
 * Greetwire ({@link io.greetwire.examples.SeedServer}, {@link io.greetwire.examples.SeedClient}),
 * many fetches in flight ({@link io.greetwire.examples.AsyncFetch}), and a greeting source of one's
 * own ({@link io.greetwire.examples.CustomGreeting}).
 */
package io.greetwire.examples;
