package io.lrp4j.engine.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Why a file could not be read or written, in a few words a user can act on: the JDK's exceptions mostly say which
 * path failed, which the message already names, and not why.
 */
public final class IoReasons {
    private IoReasons() {
    }

    /**
     * The reason an operation on {@code file} failed: no such directory, no such file, is a directory, permission
     * denied, disk full, or else the exception's own reason.
     */
    public static String of(IOException e, Path file) {
        String text = String.valueOf(e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : e.getMessage()).toLowerCase(Locale.ROOT);
        Path parent = file.toAbsolutePath().getParent();
        if (text.contains("no space left")) {
            return "disk full";
        }
        if (e instanceof AccessDeniedException || text.contains("permission denied")) {
            return "permission denied";
        }
        if (text.contains("is a directory") || Files.isDirectory(file)) {
            return "is a directory";
        }
        if (e instanceof NotDirectoryException || text.contains("not a directory")) {
            return "a part of the path is not a directory";
        }
        if (e instanceof NoSuchFileException || text.contains("no such file")) {
            return parent != null && !Files.isDirectory(parent) ? "no such directory " + parent : "no such file";
        }
        String own = e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.getMessage();
        return own == null ? e.getClass().getSimpleName() : own.replace(file.toString(), "").replace(": ", "").trim();
    }
}
