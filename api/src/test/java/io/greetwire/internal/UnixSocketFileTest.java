package io.greetwire.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UnixSocketFileTest {
    @TempDir
    Path dir;

    /** A socket file nobody listens on: the JDK leaves the file behind when the channel closes. */
    private UnixDomainSocketAddress staleSocket(String name) throws Exception {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve(name));
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(a);
        }
        assertThat(a.getPath()).exists();
        return a;
    }

    @Test
    void staleSocket_isRemovedBeforeTheBind() throws Exception {
        UnixDomainSocketAddress a = staleSocket("stale.sock");
        UnixSocketFile f = UnixSocketFile.prepare(a);
        assertThat(f.replacedStale()).isTrue();
        assertThat(a.getPath()).doesNotExist();
    }

    @Test
    void regularFile_isRefusedWithItsPath_andLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");
        assertThatThrownBy(() -> UnixSocketFile.prepare(UnixDomainSocketAddress.of(file)))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("a regular file, not a socket");
        assertThat(file).hasContent("keep me");
    }

    @Test
    void directory_isRefused() {
        assertThatThrownBy(() -> UnixSocketFile.prepare(UnixDomainSocketAddress.of(dir)))
                .isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("a directory");
    }

    @Test
    void socketSomeoneListensOn_isRefused() throws Exception {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("live.sock"));
        try (ServerSocketChannel live = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            live.bind(a);
            assertThatThrownBy(() -> UnixSocketFile.prepare(a))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining("unix:" + a.getPath())
                    .hasMessageContaining("listening");
            assertThat(a.getPath()).exists();
        }
    }

    @Test
    void bound_setsThePermissions_andDeleteRemovesOnlyItsOwnFile() throws Exception {
        UnixDomainSocketAddress a = UnixDomainSocketAddress.of(dir.resolve("own.sock"));
        UnixSocketFile f = UnixSocketFile.prepare(a);
        assertThat(f.replacedStale()).isFalse();
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(a);
            f.bound(PosixFilePermissions.fromString("rw-------"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a.getPath()))).isEqualTo("rw-------");
        }
        // Another server replaced the file meanwhile (made while ours existed, so another inode): it stays.
        Files.move(staleSocket("other.sock").getPath(), a.getPath(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertThat(f.delete()).isFalse();
        assertThat(a.getPath()).exists();

        UnixSocketFile g = UnixSocketFile.prepare(a);
        try (ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.bind(a);
            g.bound(PosixFilePermissions.fromString("rw-rw----"));
        }
        assertThat(g.delete()).isTrue();
        assertThat(a.getPath()).doesNotExist();
    }
}
