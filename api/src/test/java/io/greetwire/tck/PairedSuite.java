package io.greetwire.tck;

/** A suite instance that runs one {@link TransportPair}. */
public interface PairedSuite {
    /** The pair this instance runs. */
    TransportPair pair();
}
