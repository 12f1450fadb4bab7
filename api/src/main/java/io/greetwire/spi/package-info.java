/**
 * For those who write a transport: {@link io.greetwire.spi.GreetingTransport}, found with
 * {@link java.util.ServiceLoader}, and {@link io.greetwire.spi.Transports}, which finds them.
 * Applications use {@link io.greetwire.Greetwire} instead.
 */
package io.greetwire.spi;
