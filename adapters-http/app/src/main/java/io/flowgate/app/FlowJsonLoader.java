package io.flowgate.app;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.out.JsonCodec;
import io.flowgate.core.service.AnswerValidation;
import io.flowgate.flowjson.CompiledFlow;
import io.flowgate.flowjson.Compilation;
import io.flowgate.flowjson.Finding;
import io.flowgate.flowjson.FlowJsonCompiler;
import io.flowgate.flowjson.ResponseChecker;
import io.flowgate.flowjson.Screen;
import io.flowgate.spi.FlowRouter;
import io.flowgate.plugins.loader.LoadedPlugin;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds each flow's Flow JSON (the plugin jar's {@code flow.json}, or {@code flowgate.flows.<flowId>.flow-json}),
 * compiles it once at startup, and stops startup on a Flow JSON the client could not run, naming the file,
 * the JSON pointer and the fix. Lint findings are logged once.
 */
final class FlowJsonLoader {

    private static final System.Logger LOG = System.getLogger(FlowJsonLoader.class.getName());
    /** The resource a plugin jar carries its Flow JSON as. */
    static final String RESOURCE = "flow.json";

    private FlowJsonLoader() {
    }

    /**
     * What the Flow JSONs give the server: the answer checks, and each flow's screens in document order (the
     * funnel's order), also for flows whose checks are off.
     */
    record Loaded(AnswerValidation answers, Map<FlowId, List<String>> screens) {
        Loaded {
            screens = Map.copyOf(screens);
        }
    }

    static Loaded load(List<LoadedPlugin> plugins, FlowgateSettings.FlowJson settings, JsonCodec json)
            throws FlowgateServer.StartupException {
        Map<FlowId, AnswerValidation.FlowRules> rules = new HashMap<>();
        Map<FlowId, List<String>> screens = new HashMap<>();
        Set<Object> sharedLoaders = sharedLoaders(plugins);
        for (LoadedPlugin plugin : plugins) {
            String flowId = plugin.flowId();
            AnswerValidation.Mode mode = AnswerValidation.Mode.parse(settings.modeOf(flowId));
            Checked checked = compile(plugin, settings, sharedLoaders.contains(plugin.loader()), json);
            if (checked.source().isEmpty()) {
                LOG.log(Level.WARNING, "flow \"{0}\" ({1}) has no {2}: its answers are not checked against a Flow JSON."
                        + " Put the Flow JSON into the jar as {2}, or set flowgate.flows.{0}.flow-json", flowId,
                        checked.plugin().source(), RESOURCE);
                continue;
            }
            String sourceName = checked.source().get();
            Compilation compilation = checked.compilation().orElseThrow();
            if (!compilation.errors().isEmpty()) {
                throw new FlowgateServer.StartupException(sourceName + " (flow \"" + flowId
                        + "\") is not a Flow JSON the WhatsApp client can run:\n  " + lines(compilation.errors()), null);
            }
            CompiledFlow flow = compilation.flow().orElseThrow();
            requireRoutesMatch(plugin, flow, sourceName);
            screens.put(new FlowId(flowId), flow.screens().stream().map(Screen::id).toList());
            for (Finding warning : compilation.warnings()) {
                LOG.log(Level.WARNING, "{0} (flow \"{1}\"): {2}", sourceName, flowId, warning);
            }
            if (mode != AnswerValidation.Mode.OFF) {
                rules.put(new FlowId(flowId), new AnswerValidation.FlowRules(
                        new ResponseChecker(flow), mode));
            }
            LOG.log(Level.INFO, "flow \"{0}\": answers checked against {1} ({2} mode)", flowId, sourceName,
                    mode.name().toLowerCase(java.util.Locale.ROOT));
        }
        return new Loaded(new AnswerValidation(rules), screens);
    }

    /**
     * A router's handlers must name screens of the Flow JSON, and every screen that sends {@code data_exchange}
     * needs a handler: otherwise a user's submit fails on the phone, found only when someone reaches it.
     */
    private static void requireRoutesMatch(LoadedPlugin plugin, CompiledFlow flow, String sourceName)
            throws FlowgateServer.StartupException {
        List<String> problems = routeMismatches(plugin, flow, sourceName);
        if (!problems.isEmpty()) {
            throw new FlowgateServer.StartupException(plugin.source() + " (flow \"" + plugin.flowId()
                    + "\"): the plugin's FlowRouter does not match its Flow JSON:\n  " + String.join("\n  ", problems), null);
        }
    }

    /** What a plugin's router and its Flow JSON disagree on; empty for a plugin without a router. */
    static List<String> routeMismatches(LoadedPlugin plugin, CompiledFlow flow, String sourceName) {
        Optional<FlowRouter> found = plugin.plugin().router();
        if (found.isEmpty()) {
            return List.of();
        }
        FlowRouter router = found.get();
        Set<String> screens = flow.screens().stream().map(Screen::id).collect(Collectors.toCollection(LinkedHashSet::new));
        List<String> problems = new ArrayList<>();
        for (String screen : router.submitScreens()) {
            if (!screens.contains(screen)) {
                problems.add("onSubmit(\"" + screen + "\") names a screen " + sourceName + " does not have (its screens: "
                        + String.join(", ", screens) + ")");
            }
        }
        for (String screen : router.backScreens()) {
            if (!screens.contains(screen)) {
                problems.add("onBack(\"" + screen + "\") names a screen " + sourceName + " does not have");
            }
        }
        for (Screen screen : flow.screens()) {
            if (screen.exchangesData() && !router.submitScreens().contains(screen.id())) {
                problems.add("screen " + screen.id() + " sends data_exchange, but the router has no onSubmit(\""
                        + screen.id() + "\", ...)");
            }
            if (screen.refreshOnBack() && !router.backScreens().contains(screen.id())) {
                problems.add("screen " + screen.id() + " has refresh_on_back, but the router has no onBack(\""
                        + screen.id() + "\", ...)");
            }
        }
        if (!router.handlesInit()) {
            problems.add("the router has no onInit(...): the flow's first request (INIT) would fail");
        }
        return problems;
    }

    /**
     * One plugin's Flow JSON as the server finds and compiles it.
     *
     * @param source      where it came from (a file, or {@code <jar>!/flow.json}); empty when the flow has none
     * @param compilation present exactly when {@code source} is
     */
    record Checked(LoadedPlugin plugin, Optional<String> source, Optional<Compilation> compilation) {
    }

    /**
     * Finds and compiles each plugin's Flow JSON, in plugin order, without judging the findings: startup and
     * {@code flowgate check-plugin} decide what they mean.
     *
     * @throws FlowgateServer.StartupException when a Flow JSON cannot be read or is not JSON
     */
    static List<Checked> compile(List<LoadedPlugin> plugins, FlowgateSettings.FlowJson settings, JsonCodec json)
            throws FlowgateServer.StartupException {
        Set<Object> sharedLoaders = sharedLoaders(plugins);
        List<Checked> checked = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            checked.add(compile(plugin, settings, sharedLoaders.contains(plugin.loader()), json));
        }
        return List.copyOf(checked);
    }

    private static Checked compile(LoadedPlugin plugin, FlowgateSettings.FlowJson settings, boolean sharedLoader,
                                   JsonCodec json) throws FlowgateServer.StartupException {
        Optional<Source> source = source(plugin, settings, sharedLoader);
        if (source.isEmpty()) {
            return new Checked(plugin, Optional.empty(), Optional.empty());
        }
        return new Checked(plugin, Optional.of(source.get().name()),
                Optional.of(FlowJsonCompiler.compile(parse(source.get(), json))));
    }

    /**
     * Each flow's Flow JSON as text, found as at startup, for the playground to render.
     *
     * @param source where it came from, or the plugin's jar when the flow has none
     */
    record FlowJsonText(String flowId, String source, Optional<String> text) {
    }

    static List<FlowJsonText> texts(List<LoadedPlugin> plugins, FlowgateSettings.FlowJson settings)
            throws FlowgateServer.StartupException {
        Set<Object> sharedLoaders = sharedLoaders(plugins);
        List<FlowJsonText> texts = new ArrayList<>();
        for (LoadedPlugin plugin : plugins) {
            Optional<Source> source = source(plugin, settings, sharedLoaders.contains(plugin.loader()));
            texts.add(new FlowJsonText(plugin.flowId(), source.map(Source::name).orElse(String.valueOf(plugin.source())),
                    source.map(found -> new String(found.bytes(), java.nio.charset.StandardCharsets.UTF_8))));
        }
        return List.copyOf(texts);
    }

    /** One flow's Flow JSON as the server finds it (the override file or the jar's), to upload or compare. */
    static Optional<byte[]> bytesOf(List<LoadedPlugin> plugins, String flowId, FlowgateSettings.FlowJson settings)
            throws FlowgateServer.StartupException {
        Set<Object> shared = sharedLoaders(plugins);
        for (LoadedPlugin plugin : plugins) {
            if (plugin.flowId().equals(flowId)) {
                return source(plugin, settings, shared.contains(plugin.loader())).map(Source::bytes);
            }
        }
        return Optional.empty();
    }

    /** The class loaders that serve several flows: one flow.json cannot describe them all. */
    private static Set<Object> sharedLoaders(List<LoadedPlugin> plugins) {
        Map<Object, Long> flowsPerLoader = plugins.stream()
                .collect(Collectors.groupingBy(LoadedPlugin::loader, Collectors.counting()));
        return flowsPerLoader.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
    }

    /** Where a Flow JSON came from, and its bytes. */
    private record Source(String name, byte[] bytes) {
    }

    private static Optional<Source> source(LoadedPlugin plugin, FlowgateSettings.FlowJson settings, boolean sharedLoader)
            throws FlowgateServer.StartupException {
        Path file = settings.fileByFlow().get(plugin.flowId());
        if (file != null) {
            try {
                return Optional.of(new Source(file.toAbsolutePath().toString(), Files.readAllBytes(file)));
            } catch (IOException e) {
                throw new FlowgateServer.StartupException("flowgate.flows." + plugin.flowId() + ".flow-json names "
                        + file.toAbsolutePath() + ", which cannot be read (" + e.getClass().getSimpleName() + ")", e);
            }
        }
        if (sharedLoader) {
            // One flow.json cannot describe several flows; such plugins name a file per flow.
            return Optional.empty();
        }
        URL resource = plugin.loader().findResource(RESOURCE);
        if (resource == null) {
            return Optional.empty();
        }
        try (InputStream in = resource.openStream()) {
            return Optional.of(new Source(plugin.source() + "!/" + RESOURCE, in.readAllBytes()));
        } catch (IOException e) {
            throw new FlowgateServer.StartupException(plugin.source() + ": its " + RESOURCE + " cannot be read ("
                    + e.getMessage() + ")", e);
        }
    }

    private static Map<String, Object> parse(Source source, JsonCodec json) throws FlowgateServer.StartupException {
        try {
            return json.readObject(source.bytes());
        } catch (JsonCodec.MalformedJsonException e) {
            throw new FlowgateServer.StartupException(source.name() + " is not valid JSON (" + e.getMessage()
                    + "): fix the file, or export it again from Meta's Flow Builder", e);
        }
    }

    private static String lines(List<Finding> findings) {
        return findings.stream().map(Finding::toString).collect(Collectors.joining("\n  "));
    }
}
