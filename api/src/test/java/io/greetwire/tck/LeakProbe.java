package io.greetwire.tck;

/**
 * A count of something a transport must give back after every test, for {@link LeakCheck}: e.g. the
 * blocking transport's live virtual threads (which {@code Thread.getAllStackTraces()} does not see),
 * or the reports of Netty's leak detector. Found with {@link java.util.ServiceLoader} on the test
 * class path; the count must not be higher after a test than before it.
 */
public interface LeakProbe {
    /** What is counted, for the failure message. */
    String what();

    /** The count now; cheap, called while polling. */
    long count();

    /** Makes pending leaks visible (e.g. a GC for a leak detector) before the check; may be slow. */
    default void flush() {
    }
}
