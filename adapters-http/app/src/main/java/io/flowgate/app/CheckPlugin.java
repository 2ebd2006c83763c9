package io.flowgate.app;

import io.flowgate.flowjson.Compilation;
import io.flowgate.flowjson.Finding;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.plugins.loader.LoadedPlugin;
import io.flowgate.plugins.loader.PluginCatalog;
import io.flowgate.plugins.loader.PluginDirectory;
import io.flowgate.plugins.loader.PluginLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flowgate check-plugin}: loads a plugin the way the server does at startup (its own class loader,
 * {@code ServiceLoader}, the flow id check) and compiles its Flow JSON with the server's compiler, so a team
 * learns before deploying what would stop startup or be logged as a lint finding.
 */
@Command(name = "check-plugin", description = "Load a plugin as the server would and print the findings of its"
        + " Flow JSON. Exit status: 0 when the server would start with it (warnings are printed), 1 when its Flow"
        + " JSON has errors, 2 when it cannot be loaded at all.")
final class CheckPlugin implements Callable<Integer> {

    static final int OK = 0;
    static final int FLOW_JSON_ERRORS = 1;
    static final int NOT_LOADABLE = 2;

    @Parameters(index = "0", paramLabel = "JAR_OR_FOLDER",
            description = "The plugin jar, or a folder holding the plugin's jar and its libraries.")
    Path plugin;

    @Option(names = "--flow-json", paramLabel = "FILE", description = "Check this Flow JSON instead of the jar's"
            + " flow.json (what flowgate.flows.<flowId>.flow-json does in the server).")
    Path flowJson;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            return check(out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int check(PrintWriter out, PrintWriter err) {
        List<LoadedPlugin> plugins;
        try {
            plugins = PluginDirectory.loadPlugin(plugin);
        } catch (PluginLoadException e) {
            err.println("flowgate: check-plugin: " + e.getMessage());
            return NOT_LOADABLE;
        }
        try (var catalog = new PluginCatalog(plugins)) {
            return check(catalog.plugins(), out, err);
        }
    }

    private int check(List<LoadedPlugin> plugins, PrintWriter out, PrintWriter err) {
        var files = flowJson == null ? Map.<String, Path>of() : Map.of(plugins.getFirst().flowId(), flowJson);
        if (flowJson != null && plugins.size() > 1) {
            err.println("flowgate: check-plugin: --flow-json names one file, but " + plugin + " declares "
                    + plugins.size() + " flows; check them one at a time with the server's settings instead");
            return NOT_LOADABLE;
        }
        List<FlowJsonLoader.Checked> checked;
        try {
            checked = FlowJsonLoader.compile(plugins, new FlowgateSettings.FlowJson("enforce", Map.of(), files),
                    new JacksonJsonCodec(JacksonJsonCodec.Limits.WEBHOOK_DELIVERIES));
        } catch (FlowgateServer.StartupException e) {
            err.println("flowgate: check-plugin: " + e.getMessage());
            return FLOW_JSON_ERRORS;
        }
        return report(checked, out);
    }

    private static int report(List<FlowJsonLoader.Checked> checked, PrintWriter out) {
        int errors = 0;
        int warnings = 0;
        for (FlowJsonLoader.Checked one : checked) {
            String flowId = one.plugin().flowId();
            if (one.source().isEmpty()) {
                warnings++;
                out.println("flow \"" + flowId + "\" (" + one.plugin().source() + "): WARNING no "
                        + FlowJsonLoader.RESOURCE + ": its answers would not be checked. Put the Flow JSON into the jar"
                        + " as " + FlowJsonLoader.RESOURCE + " (Maven: src/main/resources/" + FlowJsonLoader.RESOURCE + ")");
                continue;
            }
            Compilation compilation = one.compilation().orElseThrow();
            out.println("flow \"" + flowId + "\": " + one.source().get());
            for (Finding finding : compilation.errors()) {
                out.println("  " + finding);
            }
            for (Finding finding : compilation.warnings()) {
                out.println("  " + finding);
            }
            errors += compilation.errors().size();
            warnings += compilation.warnings().size();
            if (compilation.errors().isEmpty()) {
                List<String> mismatches = FlowJsonLoader.routeMismatches(one.plugin(), compilation.flow().orElseThrow(),
                        one.source().get());
                for (String mismatch : mismatches) {
                    out.println("  ERROR ROUTER " + mismatch);
                }
                errors += mismatches.size();
            }
        }
        out.println(checked.size() + (checked.size() == 1 ? " flow, " : " flows, ") + errors
                + (errors == 1 ? " error, " : " errors, ") + warnings + (warnings == 1 ? " warning" : " warnings")
                + (errors > 0 ? ": the server would not start with this plugin" : ""));
        return errors > 0 ? FLOW_JSON_ERRORS : OK;
    }
}
