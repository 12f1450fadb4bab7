/**
 * The {@code nio} transport ({@code greetwire-nio}): {@code java.nio} selector loops for servers
 * and clients, every connection writing from one shared read-only buffer. Found by
 * {@link java.util.ServiceLoader}; nothing here is for applications to call.
 */
package io.greetwire.nio;
