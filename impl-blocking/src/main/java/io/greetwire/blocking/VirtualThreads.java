package io.greetwire.blocking;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Virtual threads, found by reflection: the jar is compiled for Java 17, where they do not exist,
 * and must still use them when it runs on 21 or later.
 */
final class VirtualThreads {
    private static final MethodHandle OF_VIRTUAL;
    private static final MethodHandle NAME;
    private static final MethodHandle FACTORY;

    static {
        MethodHandle ofVirtual = null;
        MethodHandle name = null;
        MethodHandle factory = null;
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            ofVirtual = lookup.findStatic(Thread.class, "ofVirtual", MethodType.methodType(ofVirtualType));
            name = lookup.findVirtual(builder, "name", MethodType.methodType(builder, String.class, long.class));
            factory = lookup.findVirtual(builder, "factory", MethodType.methodType(ThreadFactory.class));
        } catch (ReflectiveOperationException | LinkageError e) {
            ofVirtual = null; // Java 17-20
        }
        OF_VIRTUAL = ofVirtual;
        NAME = name;
        FACTORY = factory;
    }

    /** Virtual threads of this transport running now: {@code Thread.getAllStackTraces()} does not list them. */
    private static final AtomicInteger LIVE = new AtomicInteger();

    private VirtualThreads() { }

    /** How many virtual threads of the blocking transport are alive; the tests' leak check reads it. */
    static int live() {
        return LIVE.get();
    }

    static boolean isSupported() {
        return OF_VIRTUAL != null;
    }

    /** A thread factory for virtual threads named {@code prefix-N}. */
    static ThreadFactory factory(String prefix) {
        if (!isSupported()) {
            throw new IllegalStateException("virtual threads need Java 21 or later; this is Java " + Runtime.version());
        }
        try {
            Object b = OF_VIRTUAL.invoke();
            b = NAME.invoke(b, prefix + "-", 1L);
            ThreadFactory virtual = (ThreadFactory) FACTORY.invoke(b);
            return task -> counted(virtual, task);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create virtual threads: " + t, t);
        }
    }

    /**
     * A thread of {@code factory} that counts itself in {@link #LIVE} while its task runs (a
     * thread made but never started is not alive, and is not counted).
     */
    private static Thread counted(ThreadFactory factory, Runnable task) {
        return factory.newThread(() -> {
            LIVE.incrementAndGet();
            try {
                task.run();
            } finally {
                LIVE.decrementAndGet();
            }
        });
    }

    /** An executor that runs each task on a new virtual thread. */
    static ExecutorService newPerTaskExecutor(String prefix) {
        try {
            MethodHandle m = MethodHandles.publicLookup().findStatic(Executors.class, "newThreadPerTaskExecutor",
                    MethodType.methodType(ExecutorService.class, ThreadFactory.class));
            return (ExecutorService) m.invoke(factory(prefix));
        } catch (Throwable t) {
            throw new IllegalStateException("cannot create a virtual-thread executor: " + t, t);
        }
    }
}
