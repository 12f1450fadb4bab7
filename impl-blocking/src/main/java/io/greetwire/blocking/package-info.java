/**
 * The {@code blocking} transport ({@code greetwire-blocking}): {@code java.net} sockets, one accept
 * thread that writes small greetings inline, a bounded pool or virtual threads for large ones.
 * Found by {@link java.util.ServiceLoader}; nothing here is for applications to call.
 */
package io.greetwire.blocking;
