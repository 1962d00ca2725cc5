package leibniz.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files of {@link AtomicFile}: their names, and the removal of those a crash left behind.
 *
 * <p>The temporary file of {@code model.safetensors} is {@code .model.safetensors.<pid>.<16 hex digits>.tmp}
 * in the same folder: a dot-name hidden from listings, the id of the writing process, a random part. The
 * writer holds an exclusive lock on it while it writes. A save removes a temporary file of its own target
 * only when that file is provably abandoned: its name has exactly this form, its process is not this
 * one, no process with its id has run since the file was last written (the writer is dead, or its id was
 * reused by a younger process), and nobody holds its lock (which the operating system releases when a
 * process dies, kill -9 included, and which a writer on another machine sharing the folder still holds).
 * Anything else is left alone: other targets' files, files of other forms (those of earlier Leibniz
 * versions, without a process id), files of this process, of live writers, or on file systems without
 * locks. Cleaning is best effort and never fails a save.
 */
final class TemporaryFiles {
    private static final long PID = ProcessHandle.current().pid();
    private static final Pattern SUFFIX = Pattern.compile("(\\d{1,19})\\.[0-9a-f]{16}\\.tmp");

    private TemporaryFiles() {
    }

    /** A fresh temporary name beside {@code target} (absolute). */
    static Path next(Path target) {
        return target.resolveSibling(prefix(target) + PID + "."
                + String.format("%016x", ThreadLocalRandom.current().nextLong()) + ".tmp");
    }

    /** Takes the writer's lock on a new temporary file; where the file system has no locks, goes without. */
    static void hold(FileChannel out) {
        try {
            out.tryLock();
        } catch (IOException | UnsupportedOperationException noLocks) {
            // Cleaning then never proves the file abandoned (its tryLock fails the same way), so it stays.
        }
    }

    /** Removes the abandoned temporary files of {@code target} (absolute); see the class comment. */
    static void removeStale(Path target) {
        String prefix = prefix(target);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(target.getParent(),
                f -> f.getFileName().toString().startsWith(prefix))) {
            for (Path f : files) {
                Matcher m = SUFFIX.matcher(f.getFileName().toString().substring(prefix.length()));
                if (m.matches() && abandoned(f, m.group(1))) {
                    deleteUnlocked(f);
                }
            }
        } catch (IOException | DirectoryIteratorException unlisted) {
            // Cleaning is a courtesy to the next save: a folder that cannot be listed keeps its files.
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Whether the process that wrote {@code f}, whose id the name holds, is provably gone from this machine;
     * a name with an id past {@code long}, or a file whose time cannot be read, proves nothing.
     */
    private static boolean abandoned(Path f, String writer) {
        long pid;
        try {
            pid = Long.parseLong(writer);
        } catch (NumberFormatException notOurs) {
            return false;
        }
        if (pid == PID) {
            return false;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) {
            return true;
        }
        Optional<Instant> started = p.get().info().startInstant();
        try {
            return started.isPresent() && started.get().isAfter(Files.getLastModifiedTime(f).toInstant());
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** Deletes {@code f} while holding its lock, so that a writer that still holds it keeps its file. */
    private static void deleteUnlocked(Path f) {
        try (FileChannel c = FileChannel.open(f, StandardOpenOption.WRITE)) {
            FileLock lock = c.tryLock();
            if (lock != null) {
                Files.deleteIfExists(f);
            }
        } catch (IOException | OverlappingFileLockException | UnsupportedOperationException held) {
            // Locked here or not lockable: not provably abandoned.
        }
    }
}
