package io.flowgate.plugins.loader;

import io.flowgate.core.domain.FlowId;
import io.flowgate.core.port.in.PluginFailureException;
import io.flowgate.core.domain.TokenPolicy;
import io.flowgate.core.service.FlowRequestService;
import io.flowgate.storage.memory.MemoryStateStore;
import io.flowgate.plugins.loader.fixtures.EchoPlugin;
import io.flowgate.plugins.loader.fixtures.Greeting;
import io.flowgate.plugins.loader.fixtures.SecondEchoPlugin;
import io.flowgate.plugins.loader.fixtures.ThrowingPlugin;
import io.flowgate.spi.FlowAction;
import io.flowgate.spi.FlowPlugin;
import io.flowgate.spi.FlowRequest;
import io.flowgate.spi.FlowResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginDirectoryTest {

    @TempDir
    Path plugins;

    @Test
    void aJarInTheDirectoryIsAPluginInItsOwnClassLoader() throws Exception {
        TestJars.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class, Greeting.class);

        try (var catalog = new PluginCatalog(PluginDirectory.load(plugins))) {
            LoadedPlugin loaded = catalog.plugins().getFirst();
            var guarded = (ContextClassLoaderFlowPlugin) loaded.plugin();

            assertThat(loaded.flowId()).isEqualTo("echo");
            assertThat(guarded.implementationClass().getName()).isEqualTo(EchoPlugin.class.getName());
            assertThat(guarded.implementationClass()).isNotSameAs(EchoPlugin.class);
            assertThat(guarded.implementationClass().getClassLoader()).isInstanceOf(PluginClassLoader.class);
            assertThat(loaded.loader().loadClass(FlowPlugin.class.getName())).isSameAs(FlowPlugin.class);
        }
    }

    @Test
    void aPluginSeesNothingOfTheHostButThePluginApi() throws Exception {
        TestJars.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class, Greeting.class);

        try (var catalog = new PluginCatalog(PluginDirectory.load(plugins))) {
            ClassLoader loader = catalog.plugins().getFirst().loader();

            assertThatThrownBy(() -> loader.loadClass(FlowId.class.getName())).isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                    .isInstanceOf(ClassNotFoundException.class);
            assertThatThrownBy(() -> loader.loadClass("io.helidon.webserver.WebServer"))
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }

    @Test
    void pluginCodeRunsWithItsOwnContextClassLoader() throws Exception {
        TestJars.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class, Greeting.class);

        try (var catalog = new PluginCatalog(PluginDirectory.load(plugins))) {
            var reply = (FlowResponse.NextScreen) catalog.find(new FlowId("echo")).orElseThrow()
                    .handle(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t"));

            assertThat(reply.data()).containsEntry("loader", "PluginClassLoader[echo.jar]")
                    .containsEntry("context_loader", "PluginClassLoader[echo.jar]");
        }
    }

    @Test
    void aFolderOfJarsIsOnePluginWithItsDependencies() throws Exception {
        Path folder = plugins.resolve("echo");
        TestJars.jar(folder.resolve("echo-plugin.jar"), EchoPlugin.class.getName(), EchoPlugin.class);
        TestJars.jar(folder.resolve("greeting-lib.jar"), null, Greeting.class);

        try (var catalog = new PluginCatalog(PluginDirectory.load(plugins))) {
            var reply = (FlowResponse.NextScreen) catalog.find(new FlowId("echo")).orElseThrow()
                    .handle(FlowRequest.of(FlowAction.INIT, "", Map.of(), "t"));

            assertThat(catalog.plugins().getFirst().jars()).hasSize(2);
            assertThat(reply.data()).containsEntry("greeting", "hello from a dependency");
        }
    }

    @Test
    void aMissingDependencyFailsOnlyThatRequestWithTheFlowNamed() throws Exception {
        TestJars.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class);

        try (var catalog = new PluginCatalog(PluginDirectory.load(plugins))) {
            var open = new TokenPolicy(TokenPolicy.Mode.OPEN, Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
                    "expired", Map.of());
            var noSecrets = new io.flowgate.crypto.HubSignatureVerifier(java.util.List.of());
            var service = new FlowRequestService(catalog, new MemoryStateStore(), open, Clock.systemUTC(), noSecrets,
                    new io.flowgate.json.JacksonJsonCodec(), new io.flowgate.core.service.PluginCalls(4));

            assertThatThrownBy(() -> service.handle(new FlowId("echo"), Map.of("action", "INIT", "flow_token", "t"),
                    io.flowgate.core.domain.Deadline.in(Duration.ofSeconds(5))))
                    .isInstanceOf(PluginFailureException.class)
                    .hasMessage("flow echo: the plugin failed on INIT from screen \"\"")
                    .hasCauseInstanceOf(NoClassDefFoundError.class);
        }
    }

    @Test
    void filesThatAreNotJarsAndFoldersWithoutJarsAreNotPlugins() throws Exception {
        Files.writeString(plugins.resolve("README.md"), "plugins go here");
        Files.createDirectories(plugins.resolve("examples/appointment/src"));
        TestJars.jar(plugins.resolve("throws.jar"), ThrowingPlugin.class.getName(), ThrowingPlugin.class);

        assertThat(PluginDirectory.load(plugins)).extracting(LoadedPlugin::flowId).containsExactly("throws");
    }

    @Test
    void aJarWithoutProviderStopsStartupAndSaysWhatToAdd() throws Exception {
        Path jar = TestJars.jar(plugins.resolve("empty.jar"), null, Greeting.class);

        assertThatThrownBy(() -> PluginDirectory.load(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage(jar.toAbsolutePath() + " has no flow plugin: add the file "
                        + "META-INF/services/io.flowgate.spi.FlowPlugin to the jar, naming your class that implements "
                        + "io.flowgate.spi.FlowPlugin");
    }

    @Test
    void aProviderThatDoesNotExistStopsStartup() throws Exception {
        TestJars.jar(plugins.resolve("typo.jar"), "com.example.NoSuchPlugin", Greeting.class);

        assertThatThrownBy(() -> PluginDirectory.load(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("typo.jar cannot be loaded")
                .hasMessageContaining("com.example.NoSuchPlugin");
    }

    @Test
    void aBrokenJarStopsStartupAndNamesTheFile() throws Exception {
        Path broken = Files.write(plugins.resolve("broken.jar"), new byte[]{1, 2, 3, 4});

        assertThatThrownBy(() -> PluginDirectory.load(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageStartingWith(broken.toAbsolutePath() + " is not a readable jar")
                .hasMessageEndingWith("rebuild it or remove it from the plugins directory");
    }

    @Test
    void twoPluginsWithOneFlowIdStopStartupNamingBoth() throws Exception {
        Path first = TestJars.jar(plugins.resolve("a-echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class);
        Path second = TestJars.jar(plugins.resolve("b-echo.jar"), SecondEchoPlugin.class.getName(),
                EchoPlugin.class, SecondEchoPlugin.class);

        assertThatThrownBy(() -> PluginDirectory.load(plugins))
                .isInstanceOf(PluginLoadException.class)
                .hasMessage("flow id \"echo\" is declared by two plugins: " + first.toAbsolutePath() + " and "
                        + second.toAbsolutePath() + "; remove one or give it another flow id");
    }

    @Test
    void aMissingPluginsDirectoryNamesTheSetting() {
        Path missing = plugins.resolve("nope");

        assertThatThrownBy(() -> PluginDirectory.load(missing))
                .isInstanceOf(PluginLoadException.class)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("flowgate.plugins.dir");
    }

    @Test
    void onePluginJarOrFolderLoadsAsFromThePluginsDirectory() throws Exception {
        Path jar = TestJars.jar(plugins.resolve("echo.jar"), EchoPlugin.class.getName(), EchoPlugin.class, Greeting.class);
        Path folder = Files.createDirectories(plugins.resolve("second"));
        TestJars.jar(folder.resolve("second.jar"), SecondEchoPlugin.class.getName(), SecondEchoPlugin.class,
                EchoPlugin.class, Greeting.class);

        try (var fromJar = new PluginCatalog(PluginDirectory.loadPlugin(jar));
             var fromFolder = new PluginCatalog(PluginDirectory.loadPlugin(folder))) {
            assertThat(fromJar.plugins()).singleElement().satisfies(plugin -> {
                assertThat(plugin.flowId()).isEqualTo("echo");
                assertThat(plugin.loader()).isInstanceOf(PluginClassLoader.class);
            });
            assertThat(fromFolder.plugins()).singleElement()
                    .satisfies(plugin -> assertThat(plugin.source()).isEqualTo(folder));
        }
    }

    @Test
    void somethingThatIsNoPluginIsRefusedWithWhatToName() throws Exception {
        Path text = Files.writeString(plugins.resolve("README.md"), "not a plugin");

        assertThatThrownBy(() -> PluginDirectory.loadPlugin(text))
                .isInstanceOf(PluginLoadException.class).hasMessageContaining("README.md is not a plugin");
        assertThatThrownBy(() -> PluginDirectory.loadPlugin(plugins.resolve("nope.jar")))
                .isInstanceOf(PluginLoadException.class).hasMessageContaining("nope.jar does not exist");
    }
}
