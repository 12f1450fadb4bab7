/**
 * Greetwire: servers that greet every client and close, and clients that fetch one greeting.
 * Everything an application uses is here; a first program needs no other package.
 *
 * <p>Start with {@link io.greetwire.Greetwire}: {@code Greetwire.newServer(ServerConfig.defaults())}
 * and {@code Greetwire.newClient(ClientConfig.defaults())} run on the best transport on the class
 * path. {@link io.greetwire.ServerConfig} and {@link io.greetwire.ClientConfig} are immutable and
 * validated when built; {@link io.greetwire.GreetingFormat} is the wire format;
 * {@link io.greetwire.GreetingSource} makes the text. A fetch that fails throws a
 * {@link io.greetwire.GreetingException} whose {@link io.greetwire.GreetingException.Kind kind}
 * uses the same words as the server's {@link io.greetwire.FailureReason} for the same event
 * ({@code RESET}, {@code IO}).
 */
package io.greetwire;
