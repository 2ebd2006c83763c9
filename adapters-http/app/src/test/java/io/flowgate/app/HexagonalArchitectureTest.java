package io.flowgate.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The dependency rules of the whole host, checked over every module the server puts together. */
@AnalyzeClasses(packages = "io.flowgate",
        importOptions = {ImportOption.DoNotIncludeTests.class, HexagonalArchitectureTest.NoTestJars.class})
class HexagonalArchitectureTest {

    /** The loader's fixtures reach this module as a test jar, which DoNotIncludeTests does not recognise. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule hexagon = onionArchitecture()
            .domainModels("io.flowgate.core.domain..", "io.flowgate.spi..")
            .domainServices("io.flowgate.core.port..")
            .applicationServices("io.flowgate.core.service..")
            .adapter("webserver", "io.flowgate.http..")
            .adapter("json", "io.flowgate.json..")
            .adapter("cdn", "io.flowgate.cdn..")
            .adapter("graph", "io.flowgate.graph..")
            .adapter("crypto", "io.flowgate.crypto..")
            .adapter("plugins", "io.flowgate.plugins.loader..")
            .adapter("storage", "io.flowgate.storage..")
            .adapter("playground", "io.flowgate.playground..")
            .adapter("observe", "io.flowgate.observe..")
            .withOptionalLayers(true)
            .ignoreDependency(resideInAPackage("io.flowgate.app"), alwaysTrue())
            // FlowTester is the test-time composition root: it wires the core to the memory store in-process.
            .ignoreDependency(resideInAPackage("io.flowgate.testkit.."), alwaysTrue())
            .because("core knows no adapter, adapters know no other adapter; only the composition roots (the app,"
                    + " and the testkit for plugins' tests) wire them");

    @ArchTest
    static final ArchRule pluginLoadingIsFrameworkFree = noClasses()
            .that().resideInAPackage("io.flowgate.plugins.loader..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.helidon..", "com.fasterxml..", "org.bouncycastle..", "com.amazon..")
            .because("the plugin loader must not tie plugins to the web framework or crypto libraries");

    @ArchTest
    static final ArchRule theAccessTokenStaysInTheGraphClient = noClasses()
            .that().resideInAPackage("io.flowgate.graph..")
            .should().dependOnClassesThat().resideInAnyPackage("io.helidon..", "io.flowgate.http..", "io.flowgate.crypto..")
            .because("the Graph API client is an outbound adapter on the JDK's HTTP client; nothing else sees its token");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.flowgate.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule httpRoutesUseTheInboundPortsOnly = noClasses()
            .that().resideInAPackage("io.flowgate.http")
            .should().dependOnClassesThat().resideInAnyPackage("io.flowgate.core.service..", "io.flowgate.crypto..",
                    "io.flowgate.app..", "io.flowgate.storage..", "io.flowgate.json..", "io.flowgate.cdn..", "io.flowgate.graph..",
                    "io.flowgate.plugins..")
            .because("the routes drive the core through its use cases, never its services or other adapters");

    @ArchTest
    static final ArchRule metricsStayBehindTheTelemetryPort = noClasses()
            .that().resideInAnyPackage("io.flowgate.core..", "io.flowgate.http..", "io.flowgate.storage..",
                    "io.flowgate.crypto..", "io.flowgate.playground..", "io.flowgate.plugins..")
            .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
            .because("the request path reports through core's FlowgateTelemetry port; only the observe adapter"
                    + " knows the metrics library");

    @ArchTest
    static final ArchRule playgroundUsesTheInboundPortsOnly = noClasses()
            .that().resideInAPackage("io.flowgate.playground..")
            .should().dependOnClassesThat().resideInAnyPackage("io.flowgate.core.service..", "io.flowgate.crypto..",
                    "io.flowgate.app..", "io.flowgate.storage..", "io.flowgate.json..", "io.flowgate.cdn..",
                    "io.flowgate.plugins..", "io.flowgate.http..")
            .because("the playground drives the core through its use cases and ports, like any other adapter; the"
                    + " composition root hands it the data endpoint's and the webhook's routes");
}
