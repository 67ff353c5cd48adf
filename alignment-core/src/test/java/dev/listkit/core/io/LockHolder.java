package dev.listkit.core.io;

import java.nio.file.Path;

/**
 * A child process for {@link DirectoryLockTest}: takes the lock of {@code args[0]}, says {@code locked} on
 * stdout and waits to be stopped (SIGTERM releases the lock through the shutdown hook; SIGKILL leaves it).
 */
public final class LockHolder {
    private LockHolder() {
    }

    public static void main(String[] args) throws Exception {
        DirectoryLock lock = DirectoryLock.builder().setDirectory(Path.of(args[0])).setCommand("listkit train")
                .optOpenSubdirectory("report").acquire();
        System.out.println("locked " + lock.holder().pid());
        System.out.flush();
        Thread.sleep(600_000);
        lock.close();
    }
}
