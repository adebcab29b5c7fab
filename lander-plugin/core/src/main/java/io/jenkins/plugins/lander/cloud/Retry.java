package io.jenkins.plugins.lander.cloud;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bounded retries with exponential back-off for calls to a cloud service: a call that fails with
 * a {@link TransientException} (an HTTP 5xx, a refused or reset connection) is made again after
 * {@code firstDelay}, twice that, … at most {@code maxDelay}, each delay with up to 50% random
 * jitter so that many clients do not come back at once; after {@code attempts} calls the last
 * failure is thrown. Other failures are thrown at once.
 */
public record Retry(int attempts, Duration firstDelay, Duration maxDelay) {
    private static final System.Logger LOG = System.getLogger(Retry.class.getName());
    /** Seven calls over about 12 seconds: enough for a proxy restart, short enough to fail a landing soon. */
    public static final Retry DEFAULT = new Retry(7, Duration.ofMillis(250), Duration.ofSeconds(8));

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, not " + attempts);
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
        }
    }

    @FunctionalInterface
    public interface Call<T> {
        T call() throws IOException;
    }

    /** A failure worth trying again: the service may answer next time. */
    public static class TransientException extends IOException {
        public TransientException(String message) {
            super(message);
        }

        public TransientException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Makes the call, again after each transient failure; {@code what} names it in the log and errors. */
    public <T> T call(String what, Call<T> call) throws IOException {
        long delay = firstDelay.toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.call();
            } catch (TransientException e) {
                if (attempt >= attempts) {
                    throw attempts == 1 ? e : new TransientException(what + ": " + e.getMessage() + " (gave up after "
                            + attempts + " attempts)", e);
                }
                long wait = delay + ThreadLocalRandom.current().nextLong(delay / 2 + 1);
                LOG.log(System.Logger.Level.WARNING, "{0}: {1}; attempt {2} of {3}, retrying in {4} ms",
                        what, e.getMessage(), attempt, attempts, wait);
                sleep(wait);
            }
            delay = Math.min(delay * 2, maxDelay.toMillis());
        }
    }

    private static void sleep(long millis) throws InterruptedIOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
