package io.flowgate.app;

import io.flowgate.app.FlowgateServer.StartupException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Opens a resource (the server's store) on a thread of its own while the server reads its keys, loads the native
 * crypto provider, its plugins and their Flow JSON: the two take a few hundred milliseconds each (the embedded
 * store loads SQLite's native library and runs its migrations; PostgreSQL needs its first connection), and neither
 * depends on the other. A start that fails elsewhere abandons the opening, and the resource is closed once open.
 */
final class BackgroundOpening<T extends AutoCloseable> {

    /** Opens the resource; the checked failure is the server's own startup error. */
    @FunctionalInterface
    interface Opener<T> {
        T open() throws StartupException;
    }

    private final CompletableFuture<T> opening = new CompletableFuture<>();

    private BackgroundOpening() {
    }

    static <T extends AutoCloseable> BackgroundOpening<T> begin(String what, Opener<T> opener) {
        var started = new BackgroundOpening<T>();
        Thread.ofPlatform().name("flowgate-open-" + what).daemon(true).start(() -> {
            try {
                started.opening.complete(opener.open());
            } catch (Throwable e) {
                started.opening.completeExceptionally(e);
            }
        });
        return started;
    }

    /** Waits for the resource; a failure to open it is rethrown as it was raised. */
    T await() throws StartupException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return opening.get();
                } catch (InterruptedException e) {
                    interrupted = true; // a start is not abandoned halfway; the caller sees the flag afterwards
                }
            }
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case StartupException startup -> throw startup;
                case RuntimeException runtime -> throw runtime;
                case Error error -> throw error;
                default -> throw new IllegalStateException("opening failed", e.getCause());
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The start failed before the resource was needed: it is closed whenever it is open. */
    void abandon() {
        opening.thenAccept(resource -> {
            try {
                resource.close();
            } catch (Exception e) {
                // the start has already failed with its own reason; this close is housekeeping
            }
        });
    }
}
