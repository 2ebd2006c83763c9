package io.flowgate.core.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * One log-safe line about an unexpected exception: its type, its causes' types, and where in Flowgate's own
 * code it happened.
 *
 * <p>Messages are left out on purpose, of the exception and of every cause: libraries put the offending
 * input into them (Jackson quotes the JSON it choked on, a JDBC driver the values of the statement), and the
 * input of a request is the user's payload. Frames outside {@code io.flowgate} are left out because they
 * say little that the types do not, and keep the line short.
 */
public final class FailureSummary {

    private static final String OUR_PACKAGE = "io.flowgate.";
    private static final int MAX_FRAMES = 6;
    private static final int MAX_CAUSES = 4;

    private FailureSummary() {
    }

    /** E.g. {@code java.lang.IllegalStateException (caused by java.sql.SQLException) at io.flowgate.X.m(X.java:12) < ...}. */
    public static String of(Throwable failure) {
        var line = new StringBuilder(failure.getClass().getName());
        List<String> causes = new ArrayList<>();
        for (Throwable cause = failure.getCause(); cause != null && cause != failure && causes.size() < MAX_CAUSES;
             cause = cause.getCause()) {
            causes.add(cause.getClass().getName());
        }
        if (!causes.isEmpty()) {
            line.append(" (caused by ").append(String.join(" < ", causes)).append(')');
        }
        List<String> frames = new ArrayList<>();
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().startsWith(OUR_PACKAGE)) {
                frames.add(frame.getClassName() + "." + frame.getMethodName() + "(" + frame.getFileName() + ":"
                        + frame.getLineNumber() + ")");
                if (frames.size() == MAX_FRAMES) {
                    break;
                }
            }
        }
        line.append(frames.isEmpty() ? " outside Flowgate's code" : " at " + String.join(" < ", frames));
        return line.toString();
    }
}
