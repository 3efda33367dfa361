package ru.saigabot.bot.cli;

import java.util.concurrent.CountDownLatch;

/**
 * Ends a command that runs until stopped ({@code run}, {@code worker}) with its own exit status when SIGTERM stops
 * it. A JVM stopped by a signal exits with 128 + its number (143 for SIGTERM) once its shutdown hooks have run,
 * whatever they did, and systemd marks a unit that exits 143 as failed. So the hook asks the command to stop, waits
 * until the command's own thread has closed everything it opened and said how that went ({@link #ended}), flushes
 * what is buffered, and halts the JVM with that status: 0 after a clean stop, non-zero when something failed.
 *
 * <p>Halting skips the shutdown hooks still running and the JVM's delete-on-exit files: what must be stopped in
 * order (the embedded PostgreSQL) is stopped by the command's own close, and llama.cpp's unpacked library is gone
 * once loaded. A command that ended by itself (a fatal error, then {@code System.exit} in {@link Main}) keeps the
 * status it exited with: the hook then does nothing.
 */
final class SignalStop {
    private final Runnable stop;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int status = ExitCodes.FAILURE;

    private SignalStop(Runnable stop) {
        this.stop = stop;
    }

    /** Registers the shutdown hook; {@code stop} must make the command's thread end and call {@link #ended}. */
    static SignalStop install(String threadName, Runnable stop) {
        SignalStop signal = new SignalStop(stop);
        Runtime.getRuntime().addShutdownHook(new Thread(signal::onShutdown, threadName));
        return signal;
    }

    /** Called by the command's thread once everything it started is closed, with the status to exit with. */
    void ended(int exitStatus) {
        status = exitStatus;
        ended.countDown();
    }

    private void onShutdown() {
        if (ended.getCount() == 0) {
            return;
        }
        try {
            stop.run();
            awaitEnd();
        } catch (RuntimeException | Error e) {
            System.err.println("saiga-bot: the stop failed: " + e);
            e.printStackTrace();
            status = ExitCodes.FAILURE;
        }
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
    }

    private void awaitEnd() {
        boolean interrupted = false;
        while (true) {
            try {
                ended.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // nothing here may cut the stop short: keep waiting, restore the flag after
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
