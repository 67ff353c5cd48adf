package dev.listkit.core.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per directory: {@value #FILE} in the directory, created atomically (a complete file is
 * hard-linked into place, so no reader ever sees it half-written) and holding the writer's pid, host,
 * process start time, command and a token of this acquisition. Released by {@link #close()} and, when the
 * JVM is stopped (SIGTERM, Ctrl-C, {@code System.exit}), by a shutdown hook; a {@code kill -9} leaves it
 * behind, and the next writer finds a <em>stale</em> lock (same host, its pid gone or reused by another
 * process), reports it and breaks it only when asked ({@code --force-unlock}).
 *
 * <p>Nested writers conflict too: a lock on a directory is refused while a live writer holds a lock on
 * any directory above or below it, except for the subdirectories a holder declares open
 * ({@link Builder#optOpenSubdirectory}, e.g. a training run leaves directories named {@code report} to
 * {@code listkit report}).
 * Both sides create their lock before they look at the other's, so two racing writers never both win.
 *
 * <pre>{@code
 * try (DirectoryLock lock = DirectoryLock.builder().setDirectory(runDir).setCommand("listkit train")
 *         .optOpenSubdirectory("report").acquire()) {
 *     ... write into runDir ...
 * }
 * }</pre>
 */
public final class DirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);

    /** The lock file's name inside the locked directory. */
    public static final String FILE = ".listkit.lock";

    private final Path dir;
    private final Path file;
    private final Holder me;
    private final Thread hook;
    private boolean released;

    /**
     * Who holds a lock, as written in its file.
     *
     * @param pid          process id
     * @param host         host name
     * @param started      when the lock was taken (ISO-8601)
     * @param processStart when the process started (ISO-8601), empty when the OS does not say
     * @param command      what holds it, e.g. {@code listkit train}
     * @param token        unique per acquisition
     * @param open         subdirectories the holder leaves to other writers
     */
    public record Holder(long pid, String host, String started, String processStart, String command, String token,
                         List<String> open) {
        public Holder {
            open = open == null ? List.of() : List.copyOf(open);
        }

        /** E.g. {@code listkit train (pid 4242 on host-a, since 2025-01-01T10:00:00Z)}. */
        public String describe() {
            return command + " (pid " + pid + " on " + host + ", since " + started + ")";
        }
    }

    /** What is known about a holder from this process. */
    public enum State {
        /** This host, the process runs. */
        LIVE,
        /** This host, the process is gone (or its pid now belongs to a process that started later). */
        DEAD,
        /** Another host, or an unreadable lock file: cannot tell. */
        UNKNOWN
    }

    /** A directory another writer holds; the message names the holder and what to do. */
    public static final class LockedException extends ConfigException {
        private static final long serialVersionUID = 1L;

        public LockedException(String message) {
            super(message);
        }
    }

    private DirectoryLock(Path dir, Holder me) {
        this.dir = dir;
        this.file = dir.resolve(FILE);
        this.me = me;
        this.hook = new Thread(this::releaseQuietly, "listkit-unlock " + dir);
    }

    /** A builder; {@code setDirectory} and {@code setCommand} are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The locked directory. */
    public Path directory() {
        return dir;
    }

    /** This lock's holder record. */
    public Holder holder() {
        return me;
    }

    /** Reads the holder of {@code dir}'s lock, empty when there is none or it cannot be read. */
    public static Optional<Holder> read(Path dir) {
        return readFile(dir.resolve(FILE));
    }

    /** Whether {@code h} is known to be running, known to be gone, or neither. */
    public static State state(Holder h) {
        if (h == null || !Objects.equals(h.host(), hostName())) {
            return State.UNKNOWN;
        }
        Optional<ProcessHandle> p = ProcessHandle.of(h.pid());
        if (p.isEmpty() || !p.get().isAlive()) {
            return State.DEAD;
        }
        String start = p.get().info().startInstant().map(Instant::toString).orElse("");
        if (!h.processStart().isEmpty() && !start.isEmpty() && !start.equals(h.processStart())) {
            return State.DEAD; // the pid was reused by a process that started later
        }
        return State.LIVE;
    }

    /** Releases the lock (when this acquisition still holds it). Idempotent. */
    @Override
    public void close() {
        releaseQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // shutting down (the hook runs or ran), or never registered
        }
    }

    private synchronized void releaseQuietly() {
        if (released) {
            return;
        }
        released = true;
        Optional<Holder> h = readFile(file);
        if (h.isPresent() && h.get().token().equals(me.token())) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.warn("cannot remove the lock {}: {}", file, e.getMessage());
            }
        }
    }

    private static Optional<Holder> readFile(Path f) {
        try {
            JsonNode n = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
            List<String> open = new ArrayList<>();
            n.path("open").forEach(x -> open.add(x.asText()));
            return Optional.of(new Holder(n.path("pid").asLong(-1), n.path("host").asText(""),
                    n.path("started").asText(""), n.path("processStart").asText(""), n.path("command").asText("?"),
                    n.path("token").asText(""), open));
        } catch (IOException | ConfigException e) {
            return Optional.empty();
        }
    }

    private static String hostName() {
        return Host.NAME;
    }

    /** The host name, looked up once. */
    private static final class Host {
        static final String NAME = lookUp();

        private static String lookUp() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                String env = System.getenv("HOSTNAME");
                return env == null ? "unknown-host" : env;
            }
        }
    }

    /** DJL-style builder: {@code setX} required, {@code optX} optional. */
    public static final class Builder {
        private Path dir;
        private String command;
        private boolean forceUnlock;
        private final List<String> open = new ArrayList<>();

        private Builder() {
        }

        /** The directory to lock; created when missing. */
        public Builder setDirectory(Path value) {
            dir = value;
            return this;
        }

        /** What holds the lock, for the messages of others, e.g. {@code listkit train}. */
        public Builder setCommand(String value) {
            command = value;
            return this;
        }

        /** Break a stale lock (its process is gone) or one whose holder cannot be checked (another host). */
        public Builder optForceUnlock(boolean value) {
            forceUnlock = value;
            return this;
        }

        /**
         * The name of subdirectories this writer never writes, at any depth below its directory (e.g.
         * {@code report}: {@code report/} and {@code arms/.../round-1/report/}), which others may lock.
         */
        public Builder optOpenSubdirectory(String value) {
            open.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * Takes the lock, or fails naming the holder.
         *
         * @throws LockedException a live holder of this directory or of one above or below it; a stale or
         *     unverifiable lock without {@code optForceUnlock}
         * @throws IOException     the directory or the lock file cannot be written
         */
        public DirectoryLock acquire() throws LockedException, IOException {
            if (dir == null || command == null) {
                throw new IllegalStateException("DirectoryLock.builder(): setDirectory and setCommand are required");
            }
            ProcessHandle self = ProcessHandle.current();
            Holder me = new Holder(self.pid(), hostName(), Instant.now().toString(),
                    self.info().startInstant().map(Instant::toString).orElse(""), command,
                    UUID.randomUUID().toString(), open);
            Files.createDirectories(dir);
            Path real = dir.toRealPath();
            DirectoryLock lock = new DirectoryLock(real, me);
            Path file = real.resolve(FILE);
            byte[] content = Json.writePretty(json(me)).getBytes(StandardCharsets.UTF_8);
            for (int attempt = 0; ; attempt++) {
                if (create(file, content)) {
                    break;
                }
                Optional<Holder> h = readFile(file);
                if (h.isEmpty() && Files.notExists(file) && attempt < 5) {
                    continue; // released between our create and read
                }
                State s = h.isPresent() ? state(h.get()) : State.UNKNOWN;
                String who = h.map(Holder::describe).orElse("an unreadable lock file");
                if (s == State.LIVE) {
                    throw new LockedException(real + " is in use by " + who + " (lock " + file
                            + "); wait for it to finish or choose another directory");
                }
                String why = s == State.DEAD ? "a stale lock: " + who + " is no longer running"
                        : "a lock that cannot be checked from " + hostName() + ": " + who;
                if (!forceUnlock || attempt >= 5) {
                    throw new LockedException(real + " holds " + why + " (lock " + file + "); if no other listkit"
                            + " process writes there, rerun with --force-unlock to break it");
                }
                LOG.warn("breaking {} (lock {})", why, file);
                breakLock(file, h.map(Holder::token).orElse(null));
            }
            Runtime.getRuntime().addShutdownHook(lock.hook);
            try {
                checkNested(real, me);
            } catch (LockedException | IOException | RuntimeException e) {
                lock.close();
                throw e;
            }
            return lock;
        }

        /** Live writers above or below {@code real} that do not leave this directory open to us. */
        private void checkNested(Path real, Holder me) throws LockedException, IOException {
            for (Path up = real.getParent(); up != null; up = up.getParent()) {
                Optional<Holder> h = readFile(up.resolve(FILE));
                if (h.isPresent() && !opens(h.get().open(), up.relativize(real))) {
                    refuseIfLive(h.get(), up, real);
                }
            }
            List<Path> below = new ArrayList<>();
            Files.walkFileTree(real, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                    if (!d.equals(real) && opens(me.open(), real.relativize(d))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                    if (f.getFileName().toString().equals(FILE) && !f.getParent().equals(real)) {
                        below.add(f.getParent());
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    return FileVisitResult.CONTINUE; // removed while we walk: not a lock of anyone now
                }
            });
            for (Path d : below) {
                Optional<Holder> h = readFile(d.resolve(FILE));
                if (h.isPresent()) {
                    refuseIfLive(h.get(), d, real);
                }
            }
        }

        private void refuseIfLive(Holder h, Path where, Path real) throws LockedException {
            State s = state(h);
            if (s == State.DEAD) {
                LOG.warn("ignoring a stale lock in {}: {} is no longer running", where, h.describe());
                return;
            }
            if (s == State.UNKNOWN && forceUnlock) {
                LOG.warn("ignoring (--force-unlock) a lock in " + where + " that cannot be checked: "
                        + h.describe());
                return;
            }
            throw new LockedException(real + " is inside or around " + where + ", which is in use by " + h.describe()
                    + " (lock " + where.resolve(FILE) + "); wait for it to finish or choose another directory");
        }

        /** Whether {@code rel} lies in a directory named by {@code open}, at any depth. */
        private static boolean opens(List<String> open, Path rel) {
            if (rel.toString().isEmpty()) {
                return false;
            }
            for (Path part : rel) {
                if (open.contains(part.toString())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** Creates {@code file} with {@code content} atomically; false when it exists. */
    private static boolean create(Path file, byte[] content) throws IOException {
        Path tmp = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".tmp");
        Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        try {
            Files.createLink(file, tmp); // atomic: fails when the lock exists, never shows a partial file
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } catch (UnsupportedOperationException | IOException e) {
            // A file system without hard links: create-new, then the content (a reader may see it empty).
            try {
                Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC);
                return true;
            } catch (FileAlreadyExistsException again) {
                return false;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Removes a stale lock whose token is {@code token}: it is moved aside first and deleted only when the
     * moved file is still that lock, so a lock another process took in between is put back, not lost.
     */
    private static void breakLock(Path file, String token) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".broken");
        try {
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return;
        }
        Optional<Holder> moved = readFile(aside);
        if (token != null && moved.isPresent() && !moved.get().token().equals(token)) {
            try {
                Files.createLink(file, aside); // someone else's fresh lock: put it back
            } catch (FileAlreadyExistsException e) {
                // a third writer holds it now; the one we moved lost its file, as if it had crashed
            }
        }
        Files.deleteIfExists(aside);
    }

    private static ObjectNode json(Holder h) {
        ObjectNode n = Json.object();
        n.put("pid", h.pid());
        n.put("host", h.host());
        n.put("started", h.started());
        n.put("processStart", h.processStart());
        n.put("command", h.command());
        n.put("token", h.token());
        h.open().forEach(n.putArray("open")::add);
        return n;
    }
}
