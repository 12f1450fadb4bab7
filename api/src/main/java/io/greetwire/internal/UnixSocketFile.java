package io.greetwire.internal;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Objects;
import java.util.Set;

/**
 * The file of the Unix domain socket a server listens on, handled alike by every transport:
 * {@link #prepare} before the bind refuses an existing file that is not a socket and a socket a
 * server still listens on, and removes a stale one (left by a server that died);
 * {@link #bound} after the bind sets the permissions; {@link #delete} on close removes the file,
 * but only if it is still the one this server made.
 */
public final class UnixSocketFile {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final Path path;
    private final boolean replacedStale;
    private volatile Object fileKey;

    private UnixSocketFile(Path path, boolean replacedStale) {
        this.path = path;
        this.replacedStale = replacedStale;
    }

    /**
     * Checks {@code address}'s path before a bind and removes a stale socket file there.
     *
     * @throws FileAlreadyExistsException if a file that is not a socket (a regular file, a
     *     directory, ...) is there: it is never replaced; the message names the path and what it is
     * @throws BindException if a server is listening on the socket there
     * @throws IOException if the path cannot be examined or the stale socket cannot be removed
     */
    public static UnixSocketFile prepare(UnixDomainSocketAddress address) throws IOException {
        Path path = address.getPath();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new UnixSocketFile(path, false);
        }
        if (!isSocket(path, attrs)) {
            throw new FileAlreadyExistsException(path.toString(), null,
                    "cannot bind a Unix socket there: it exists and is " + kind(attrs) + ", not a socket; refusing to replace it");
        }
        String inUse = probe(address);
        if (inUse != null) {
            throw new BindException("cannot bind unix:" + path + ": " + inUse);
        }
        Files.deleteIfExists(path);
        return new UnixSocketFile(path, true);
    }

    /** Whether {@link #prepare} removed a stale socket file (for the start log). */
    public boolean replacedStale() {
        return replacedStale;
    }

    /** After the bind: gives the socket file {@code permissions} and remembers which file is this server's. */
    public void bound(Set<PosixFilePermission> permissions) throws IOException {
        Files.setPosixFilePermissions(path, permissions);
        fileKey = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    /**
     * Removes the socket file if it is still the one {@link #bound} saw (another server may have
     * replaced it since). Never throws; returns whether it removed the file.
     */
    public boolean delete() {
        Object key = fileKey;
        if (key == null) {
            return false;
        }
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
            return Objects.equals(key, now) && Files.deleteIfExists(path);
        } catch (IOException e) {
            return false; // gone already (some transports delete it when the channel closes)
        }
    }

    /** The socket's path. */
    public Path path() {
        return path;
    }

    private static boolean isSocket(Path path, BasicFileAttributes attrs) {
        try {
            Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return mode instanceof Integer && ((Integer) mode & S_IFMT) == S_IFSOCK;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return attrs.isOther(); // no "unix" view here: a socket, a FIFO or a device
        }
    }

    private static String kind(BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
            return "a regular file";
        }
        if (attrs.isDirectory()) {
            return "a directory";
        }
        if (attrs.isSymbolicLink()) {
            return "a symbolic link";
        }
        return "a special file";
    }

    /**
     * {@code null} if the socket is stale (a connect is refused: nobody accepts on it), else why
     * it cannot be replaced. A non-blocking connect, so that a server with a full backlog (EAGAIN)
     * counts as listening rather than blocking the caller.
     */
    private static String probe(UnixDomainSocketAddress address) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(address);
            return "a server is listening on that socket";
        } catch (ConnectException e) {
            return null;
        } catch (IOException e) {
            String m = String.valueOf(e.getMessage());
            return m.contains("temporarily unavailable") ? "a server is listening on that socket (its backlog is full)"
                    : "the existing socket cannot be probed (" + m + "); refusing to replace it";
        }
    }
}
