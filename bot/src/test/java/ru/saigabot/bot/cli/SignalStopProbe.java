package ru.saigabot.bot.cli;

import java.util.concurrent.CountDownLatch;

/**
 * A command in a JVM of its own, for {@link SignalStopIT}: it runs until SIGTERM, then its stop goes the way
 * {@code args[0]} says ({@code clean}, {@code close-fails}, {@code stop-throws}), or it ends by itself with a user
 * error ({@code ends-by-itself}), as {@link Main} ends a command.
 */
final class SignalStopProbe {
    private SignalStopProbe() {}

    public static void main(String[] args) throws InterruptedException {
        String mode = args[0];
        CountDownLatch stopped = new CountDownLatch(1);
        SignalStop signal = SignalStop.install("probe-shutdown", () -> {
            if (mode.equals("stop-throws")) {
                throw new IllegalStateException("the stop itself failed");
            }
            stopped.countDown();
        });
        System.out.println("running");
        System.out.flush();
        int status;
        if (mode.equals("ends-by-itself")) {
            status = ExitCodes.USER_ERROR;
        } else {
            stopped.await();
            status = mode.equals("clean") ? ExitCodes.OK : ExitCodes.FAILURE;
            System.err.println("closed: status=" + status);
        }
        signal.ended(status);
        System.exit(status);
    }
}
