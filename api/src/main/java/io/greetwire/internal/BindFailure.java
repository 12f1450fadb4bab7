package io.greetwire.internal;

import java.net.BindException;
import java.net.SocketAddress;

/** The one error every transport gives when its address cannot be bound: it names the address. */
public final class BindFailure {
    private BindFailure() { }

    /** A {@link BindException} saying which address could not be bound and why. */
    public static BindException of(SocketAddress address, Throwable cause) {
        BindException be = new BindException("cannot bind "
                + (address instanceof java.net.UnixDomainSocketAddress ? Addresses.describe(address) : address) + ": " + cause.getMessage());
        be.initCause(cause);
        return be;
    }
}
