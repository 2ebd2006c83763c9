package io.flowgate.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** User plus system CPU time of processes so far, from /proc/<pid>/stat (Linux; clock ticks of 1/100 s). */
final class ProcessCpu {

    private ProcessCpu() {
    }

    static double seconds(List<Long> pids) throws IOException {
        double seconds = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0; // utime, stime
        }
        return seconds;
    }

    /** This process's, every thread included. */
    static double ownSeconds() throws IOException {
        return seconds(List.of(ProcessHandle.current().pid()));
    }
}
