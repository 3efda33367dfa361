package ru.saigabot.inference.catalog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The {@code .part} file a download writes into, with the SHA-256 of what it holds kept up to date. It is locked
 * while open, so two pulls of the same file cannot interleave their writes.
 */
final class PartFile implements AutoCloseable {

    private static final int READ_BUFFER = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final FileLock lock;
    private MessageDigest digest = newDigest();
    private long size;

    private PartFile(Path path, FileChannel channel, FileLock lock) throws IOException {
        this.path = path;
        this.channel = channel;
        this.lock = lock;
        this.size = channel.size();
    }

    /** Opens (creating if needed) and locks the part file; its existing bytes are not hashed yet, see {@link #rehash()}. */
    static PartFile open(Path path) throws DownloadException {
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(path, null);
            }
            return new PartFile(path, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw busy(path, e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw localFailure(path, e);
        } catch (DownloadException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    /** Reads the bytes already present to restart the checksum where they end. */
    void rehash() throws DownloadException {
        digest = newDigest();
        ByteBuffer buffer = ByteBuffer.allocate(READ_BUFFER);
        try {
            long position = 0;
            while (position < size) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n < 0) {
                    break;
                }
                digest.update(buffer.flip());
                position += n;
            }
            channel.position(size);
        } catch (IOException e) {
            throw localFailure(path, e);
        }
    }

    /** Drops everything: the next bytes are the file's first. */
    void truncate() throws DownloadException {
        try {
            channel.truncate(0);
            channel.position(0);
        } catch (IOException e) {
            throw localFailure(path, e);
        }
        size = 0;
        digest = newDigest();
    }

    void append(byte[] bytes, int length) throws DownloadException {
        digest.update(bytes, 0, length);
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw localFailure(path, e);
        }
        size += length;
    }

    /** The SHA-256 of the bytes written so far, as lower-case hex. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
        }
    }

    /**
     * Flushes to disk, closes and renames to {@code target} in one step, so that {@code target} never exists
     * half-written: it appears complete, or not at all.
     */
    void moveTo(Path target) throws DownloadException {
        try {
            channel.force(true);
            close();
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                // same directory, so only an exotic file system gets here; a plain rename is the best it offers
                Files.move(path, target);
            }
        } catch (IOException e) {
            throw localFailure(target, e);
        }
    }

    /** Closes and deletes the part (its bytes are known to be wrong). */
    void delete() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a wrong part left behind is found by the next run's checks and replaced
        }
    }

    @Override
    public void close() {
        if (channel.isOpen()) {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it anyway
            }
            closeQuietly(channel);
        }
    }

    /** A write or read of a local file failed: a full disk, or something the user must fix. */
    static DownloadException localFailure(Path path, IOException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("not enough space") || lower.contains("disk full")
                || lower.contains("quota exceeded")) {
            return new DownloadException(DownloadException.Reason.DISK_FULL, "the disk is full while writing " + path
                    + ": free some space (the part downloaded so far is kept and the next pull resumes it)", e);
        }
        return new DownloadException(DownloadException.Reason.LOCAL_IO, "cannot write " + path + ": " + e, e);
    }

    private static DownloadException busy(Path path, Exception cause) {
        return new DownloadException(DownloadException.Reason.BUSY, path + " is being downloaded by another "
                + "saiga-bot process; wait for it to finish", cause);
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing more to do with it
            }
        }
    }
}
