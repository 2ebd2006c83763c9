package io.flowgate.core.service;

import io.flowgate.core.concurrent.DeadlineAlarms;
import io.flowgate.core.domain.Deadline;
import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.port.in.PluginSaturatedException;
import io.flowgate.core.port.out.FlowgateTelemetry;
import io.flowgate.core.port.out.FlowgateTelemetry.PluginFailure;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Runs calls into plugins so that a request can be answered on time whatever the plugin does, and a plugin
 * that hangs cannot take the server down with it.
 *
 * <p>Each call runs on a virtual thread of its own and the caller waits at most until the request's
 * deadline; a late call is interrupted and abandoned. A plugin that ignores interrupts keeps its thread,
 * so each plugin has a fixed number of call slots, and a slot is given back only when the plugin's code
 * actually returns. Once every slot of a plugin is held by stuck calls, further calls to that plugin are
 * refused at once (503) while other flows keep answering. The memory a stuck plugin can pin is therefore
 * bounded by {@code maxConcurrentCalls} virtual threads and whatever those calls allocate.
 */
public final class PluginCalls implements AutoCloseable {

    private final int maxConcurrentCalls;
    private final ConcurrentHashMap<FlowId, Semaphore> slots = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("flowgate-plugin-", 0).factory());
    /** How late a stuck call may be given up on: small beside the 2 s between the request deadline and Meta's 10 s. */
    private final DeadlineAlarms deadlines = new DeadlineAlarms("flowgate-plugin-deadlines", Duration.ofMillis(50));

    private final FlowgateTelemetry telemetry;

    /** @param maxConcurrentCalls call slots per plugin (flowgate.plugins.max-concurrent-calls) */
    public PluginCalls(int maxConcurrentCalls) {
        this(maxConcurrentCalls, FlowgateTelemetry.NONE);
    }

    /** @param telemetry counts every failed call, whoever made it (a step, an error notification, a hook) */
    public PluginCalls(int maxConcurrentCalls, FlowgateTelemetry telemetry) {
        if (maxConcurrentCalls < 1) {
            throw new IllegalArgumentException("a plugin needs at least one call slot");
        }
        this.maxConcurrentCalls = maxConcurrentCalls;
        this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    }

    /**
     * Calls the plugin's code within the deadline.
     *
     * @param what names the call for messages, e.g. {@code data_exchange from screen "DETAILS"}
     * @throws PluginFailureException   the call threw, failed to link, or was still running at the deadline
     * @throws PluginSaturatedException every call slot of this plugin is taken
     */
    public <T> T call(FlowId flowId, String what, Deadline deadline, Callable<T> call)
            throws PluginFailureException, PluginSaturatedException {
        Semaphore flowSlots = slots.computeIfAbsent(flowId, id -> new Semaphore(maxConcurrentCalls));
        if (!flowSlots.tryAcquire()) {
            telemetry.pluginFailed(flowId.value(), PluginFailure.SATURATED);
            throw new PluginSaturatedException("flow " + flowId + ": all " + maxConcurrentCalls + " call slots of the"
                    + " plugin are taken by calls that have not returned (flowgate.plugins.max-concurrent-calls);"
                    + " refused " + what);
        }
        Future<T> running;
        try {
            running = threads.submit(() -> {
                try {
                    return call.call();
                } finally {
                    flowSlots.release();
                }
            });
        } catch (RuntimeException e) {
            flowSlots.release();
            telemetry.pluginFailed(flowId.value(), PluginFailure.FAILURE);
            throw new PluginFailureException("flow " + flowId + ": the plugin call could not start (the server is"
                    + " shutting down)", e);
        }
        DeadlineAlarms.Alarm alarm = deadlines.set(deadline.expiresAtNanos(), () -> running.cancel(true));
        try {
            return running.get();
        } catch (CancellationException e) {
            if (!deadline.passed()) {
                telemetry.pluginFailed(flowId.value(), PluginFailure.FAILURE);
                throw new PluginFailureException("flow " + flowId + ": the plugin call on " + what + " was interrupted:"
                        + " the server is shutting down", null);
            }
            telemetry.pluginFailed(flowId.value(), PluginFailure.TIMEOUT);
            throw new PluginFailureException("flow " + flowId + ": the plugin was still running on " + what
                    + " when the request deadline passed (flowgate.request.deadline); it was interrupted", null);
        } catch (ExecutionException e) {
            telemetry.pluginFailed(flowId.value(), PluginFailure.FAILURE);
            throw new PluginFailureException("flow " + flowId + ": the plugin failed on " + what, e.getCause());
        } catch (InterruptedException e) {
            running.cancel(true);
            Thread.currentThread().interrupt();
            throw new PluginFailureException("flow " + flowId + ": interrupted while waiting for the plugin", e);
        } finally {
            alarm.cancel();
        }
    }

    /** Calls of this flow's plugin that have not returned yet, including abandoned ones. */
    public int inFlight(FlowId flowId) {
        Semaphore flowSlots = slots.get(flowId);
        return flowSlots == null ? 0 : maxConcurrentCalls - flowSlots.availablePermits();
    }

    /** Interrupts calls still running; called at shutdown, after the in-flight requests were answered. */
    @Override
    public void close() {
        threads.shutdownNow();
        deadlines.close();
    }
}
