/**
 * The {@code netty} transport ({@code greetwire-netty}): Netty 4.2 on io_uring, epoll or NIO,
 * whichever runs here first; the native engines are optional dependencies and touched only once
 * found to be available. Found by {@link java.util.ServiceLoader}; nothing here is for
 * applications to call.
 */
package io.greetwire.netty;
