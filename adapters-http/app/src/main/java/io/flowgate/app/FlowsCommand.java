package io.flowgate.app;

import io.flowgate.core.domain.GraphCallException;
import io.flowgate.core.domain.MetaFlowState;
import io.flowgate.core.port.in.DeployFlows;
import io.flowgate.json.JacksonJsonCodec;
import io.flowgate.plugins.loader.PluginCatalog;
import io.flowgate.plugins.loader.PluginDirectory;
import io.flowgate.plugins.loader.PluginLoadException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code flowgate flows deploy|status}: a plugin's Flow JSON at Meta. */
@Command(name = "flows", description = "A plugin's flow at Meta: deploy its Flow JSON, read its status.",
        subcommands = {FlowsCommand.Deploy.class, FlowsCommand.Status.class})
final class FlowsCommand implements Runnable {

    static final int OK = 0;
    /** Meta found validation errors, cannot send the flow, or holds another Flow JSON. */
    static final int PROBLEM = 1;
    static final int FAILED = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The plugin's Flow JSON, as the server would find it in the plugins directory. */
    static byte[] bundledFlowJson(FlowgateSettings settings, String flowId) throws PluginLoadException,
            FlowgateServer.StartupException {
        try (var catalog = new PluginCatalog(PluginDirectory.load(settings.directories().plugins()))) {
            if (catalog.plugins().stream().noneMatch(plugin -> plugin.flowId().equals(flowId))) {
                throw new IllegalArgumentException("no plugin in " + settings.directories().plugins().toAbsolutePath()
                        + " serves flow \"" + flowId + "\" (it serves " + catalog.plugins().stream()
                        .map(plugin -> plugin.flowId()).sorted().toList() + ")");
            }
            return FlowJsonLoader.bytesOf(catalog.plugins(), flowId, settings.flowJson())
                    .orElseThrow(() -> new IllegalArgumentException("flow \"" + flowId + "\" has no "
                            + FlowJsonLoader.RESOURCE + " in its jar and no flowgate.flows." + flowId + ".flow-json"));
        }
    }

    static Optional<String> metaFlowId(String given, FlowgateSettings settings, String flowId) {
        return Optional.ofNullable(given).filter(id -> !id.isBlank()).or(() -> settings.meta().flowIds().of(flowId));
    }

    @Command(name = "deploy", description = "Upload the plugin's flow.json as the Meta flow's Flow JSON (creating the"
            + " flow first when no id is known), set its endpoint, print Meta's validation errors with the JSON around"
            + " them, and publish with --publish when there are none. Exit status 1 when Meta found errors.")
    static final class Deploy implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config;

        @Parameters(index = "0", paramLabel = "FLOW_ID", description = "The plugin's flow id.")
        String flowId;

        @Option(names = "--meta-flow-id", paramLabel = "ID", description = "The flow at Meta (default:"
                + " flowgate.flows.<flowId>.meta-flow-id); without one, a flow is created from --name and --category.")
        String metaFlowId;

        @Option(names = "--name", paramLabel = "NAME", description = "The name of the flow to create.")
        String name;

        @Option(names = "--category", paramLabel = "CAT", split = ",", description = "Its categories: SIGN_UP, SIGN_IN,"
                + " APPOINTMENT_BOOKING, LEAD_GENERATION, CONTACT_US, CUSTOMER_SUPPORT, SURVEY, OTHER.")
        List<String> categories;

        @Option(names = "--endpoint-uri", paramLabel = "URL", description = "Point the flow at this data endpoint"
                + " (https://<your host>/flows/<flowId>).")
        String endpointUri;

        @Option(names = "--publish", description = "Publish the flow when Meta found no validation error.")
        boolean publish;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                FlowgateSettings settings = config.read();
                byte[] flowJson = bundledFlowJson(settings, flowId);
                var flows = MetaConnection.require(settings).flows(new JacksonJsonCodec());
                Optional<String> id = metaFlowId(metaFlowId, settings, flowId);
                if (id.isEmpty()) {
                    id = Optional.of(flows.create(name, categories == null ? List.of() : categories));
                    out.println("created Meta flow " + id.get() + " (\"" + name + "\"): set flowgate.flows." + flowId
                            + ".meta-flow-id: " + id.get());
                }
                DeployFlows.Deployment deployment = flows.deploy(id.get(), flowJson, Optional.ofNullable(endpointUri),
                        publish);
                out.println("Meta flow " + id.get() + ": flow.json of flow \"" + flowId + "\" uploaded"
                        + (endpointUri != null ? ", endpoint " + endpointUri : ""));
                if (!deployment.validationErrors().isEmpty()) {
                    out.println(deployment.validationErrors().size() + " validation error(s) at Meta:");
                    out.print(ValidationErrorReport.format(deployment.validationErrors(), flowJson));
                    out.println(publish ? "not published: fix the errors and deploy again" : "fix them and deploy again");
                    return PROBLEM;
                }
                out.println(deployment.published() ? "published" : "no validation errors; not published (add --publish)");
                return OK;
            } catch (DeployFlows.InvalidDeployException | GraphCallException e) {
                err.println("flowgate: flows deploy: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException | PluginLoadException | FlowgateServer.StartupException e) {
                err.println("flowgate: flows deploy: " + e.getMessage());
                return FAILED;
            } finally {
                out.flush();
                err.flush();
            }
        }
    }

    @Command(name = "status", description = "Meta's status of the flow, its validation errors, whether it can send"
            + " messages (and which entities block it), and whether Meta's Flow JSON is the plugin's. Exit status 0"
            + " when it can send and holds the plugin's Flow JSON, 1 otherwise.")
    static final class Status implements Callable<Integer> {
        @CommandLine.Mixin
        Main.ConfigOption config;

        @Parameters(index = "0", paramLabel = "FLOW_ID", description = "The plugin's flow id.")
        String flowId;

        @Option(names = "--meta-flow-id", paramLabel = "ID", description = "The flow at Meta (default:"
                + " flowgate.flows.<flowId>.meta-flow-id).")
        String metaFlowId;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try {
                FlowgateSettings settings = config.read();
                String id = metaFlowId(metaFlowId, settings, flowId).orElseThrow(() -> new IllegalArgumentException(
                        "which flow at Meta? pass --meta-flow-id ID or set flowgate.flows." + flowId + ".meta-flow-id"));
                byte[] flowJson = bundledFlowJson(settings, flowId);
                DeployFlows.Report report = MetaConnection.require(settings).flows(new JacksonJsonCodec())
                        .status(id, flowJson);
                return print(report, flowJson, out);
            } catch (GraphCallException e) {
                err.println("flowgate: flows status: " + e.getMessage());
                return FAILED;
            } catch (IllegalArgumentException | PluginLoadException | FlowgateServer.StartupException e) {
                err.println("flowgate: flows status: " + e.getMessage());
                return FAILED;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private int print(DeployFlows.Report report, byte[] flowJson, PrintWriter out) {
            MetaFlowState state = report.state();
            boolean healthy = true;
            out.println("Meta flow " + state.id() + (state.name().isEmpty() ? "" : " (\"" + state.name() + "\")") + ": "
                    + (state.status().isEmpty() ? "(no status)" : state.status()));
            if (state.validationErrors().isEmpty()) {
                out.println("validation errors: none");
            } else {
                healthy = false;
                out.println("validation errors: " + state.validationErrors().size());
                out.print(ValidationErrorReport.format(state.validationErrors(), flowJson));
            }
            if (state.health().isEmpty()) {
                out.println("can send messages: (Meta gave no health_status)");
            } else {
                var health = state.health().get();
                out.println("can send messages: " + health.canSendMessage());
                healthy &= health.canSendMessage().equals("AVAILABLE");
                for (MetaFlowState.Entity entity : health.blocking()) {
                    out.println("  " + entity.type() + " " + entity.id() + ": " + entity.canSendMessage()
                            + (entity.errors().isEmpty() ? "" : " - " + String.join("; ", entity.errors())));
                }
            }
            switch (report.drift()) {
                case SAME -> out.println("Flow JSON: Meta's is the one the plugin carries");
                case DIFFERENT -> out.println("Flow JSON: DRIFT - Meta's differs from the plugin's flow.json; deploy"
                        + " again (./flowgate flows deploy " + flowId + " --meta-flow-id " + state.id() + ")");
                case NONE_AT_META -> out.println("Flow JSON: Meta holds none; deploy it (./flowgate flows deploy "
                        + flowId + " --meta-flow-id " + state.id() + ")");
            }
            healthy &= report.drift() == DeployFlows.Drift.SAME;
            return healthy ? OK : PROBLEM;
        }
    }
}
