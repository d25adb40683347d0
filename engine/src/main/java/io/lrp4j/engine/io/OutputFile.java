package io.lrp4j.engine.io;

import io.lrp4j.engine.ExplainException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A file written whole or not at all: the bytes go to a hidden file beside the target, which is renamed over the
 * target by {@link #commit()}. Closed without a commit (an error, an interrupted run), the partial file is deleted
 * and whatever the target held before is left as it was. Every file lrp4j writes for a user goes through here.
 *
 * <pre>{@code
 * try (OutputFile f = OutputFile.create(path)) {
 *     write(f.stream());
 *     f.commit();
 * }
 * }</pre>
 */
public final class OutputFile implements AutoCloseable {
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    /** Files being written; what a shutdown hook abandons ({@link #abandonAll()}). */
    private static final Set<OutputFile> OPEN = ConcurrentHashMap.newKeySet();

    private final Path target;
    private final Path partial;
    private final OutputStream out;
    /** Committed or abandoned: either way, no more changes. */
    private boolean finished;

    private OutputFile(Path target, Path partial, OutputStream out) {
        this.target = target;
        this.partial = partial;
        this.out = out;
    }

    /**
     * Starts writing {@code target}.
     *
     * @throws ExplainException naming the reason when the folder is missing or not writable, or the target is a
     *     directory
     */
    public static OutputFile create(Path target) {
        if (Files.isDirectory(target)) {
            throw new ExplainException("cannot write " + target + ": is a directory");
        }
        Path dir = target.toAbsolutePath().getParent();
        // Not Files.createTempFile, which makes the file readable by its owner only: the file gets the
        // permissions any new file gets (the umask's), or those of the file it replaces.
        Path partial = dir.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".partial");
        try {
            OutputStream stream = Files.newOutputStream(partial, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            OutputFile file = new OutputFile(target, partial, new BufferedOutputStream(stream, 1 << 16));
            OPEN.add(file);
            if (Files.isRegularFile(target)) {
                try {
                    Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(target));
                } catch (UnsupportedOperationException | IOException e) {
                    // Not a POSIX file system, or not ours to read: the new file keeps the default permissions.
                }
            }
            return file;
        } catch (IOException e) {
            deleteQuietly(partial);
            throw new ExplainException("cannot write " + target + ": " + IoReasons.of(e, target), e);
        }
    }

    /** Writes a whole file: {@code body} writes the bytes, then the file is committed. */
    public static void write(Path target, Body body) {
        try (OutputFile file = create(target)) {
            try {
                body.write(file.stream());
            } catch (IOException e) {
                throw file.failure(e);
            }
            file.commit();
        }
    }

    /** What writes a file's bytes. */
    @FunctionalInterface
    public interface Body {
        /** Writes the bytes; the stream is closed by the caller. */
        void write(OutputStream out) throws IOException;
    }

    /** Where the bytes go until {@link #commit()}. */
    public OutputStream stream() {
        return out;
    }

    /** The file this will become. */
    public Path target() {
        return target;
    }

    /** An error for a failed write of this file, naming the target and the reason. */
    public ExplainException failure(IOException e) {
        return new ExplainException("cannot write " + target + ": " + IoReasons.of(e, partial), e);
    }

    /**
     * Puts the complete file in place of the target.
     *
     * @throws ExplainException when the bytes cannot be flushed or the file renamed (disk full, say), or when the
     *     run was interrupted and the file abandoned
     */
    public synchronized void commit() {
        if (finished) {
            throw new ExplainException("the run was interrupted; " + target + " was not written");
        }
        try {
            out.close();
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            deleteQuietly(partial);
            throw failure(e);
        } finally {
            finished = true;
            OPEN.remove(this);
        }
    }

    /** Deletes the partial file unless committed; the target keeps what it held. */
    @Override
    public synchronized void close() {
        if (!finished) {
            abandon();
        }
    }

    private void abandon() {
        finished = true;
        OPEN.remove(this);
        try {
            out.close();
        } catch (IOException e) {
            // The partial file goes anyway.
        }
        deleteQuietly(partial);
    }

    /**
     * Abandons every file still being written (for a shutdown hook: Ctrl-C or SIGTERM mid-run) and returns their
     * targets, which keep what they held before.
     */
    public static List<Path> abandonAll() {
        List<Path> left = new ArrayList<>();
        for (OutputFile file : List.copyOf(OPEN)) {
            synchronized (file) {
                if (!file.finished) {
                    file.abandon();
                    left.add(file.target);
                }
            }
        }
        return left;
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Nothing more to do: a hidden partial file is left, the target is intact.
        }
    }
}
