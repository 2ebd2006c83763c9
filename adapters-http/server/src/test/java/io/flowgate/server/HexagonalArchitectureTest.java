package io.flowgate.server;

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
@AnalyzeClasses(packages = "io.flowgate", importOptions = ImportOption.DoNotIncludeTests.class)
class HexagonalArchitectureTest {

    @ArchTest
    static final ArchRule hexagon = onionArchitecture()
            .domainModels("io.flowgate.core.domain..", "io.flowgate.spi..")
            .domainServices("io.flowgate.core.port..")
            .applicationServices("io.flowgate.core.service..")
            .adapter("http", "io.flowgate.http..")
            .adapter("crypto", "io.flowgate.crypto..")
            .adapter("plugins", "io.flowgate.server.plugins..")
            .adapter("storage", "io.flowgate.storage..")
            .withOptionalLayers(true)
            .ignoreDependency(resideInAPackage("io.flowgate.server"), alwaysTrue())
            .because("core knows no adapter, adapters know no other adapter; only the composition root wires them");

    @ArchTest
    static final ArchRule pluginLoadingIsFrameworkFree = noClasses()
            .that().resideInAPackage("io.flowgate.server.plugins..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.helidon..", "com.fasterxml..", "org.bouncycastle..", "com.amazon..")
            .because("the plugin loader must not tie plugins to the web framework or crypto libraries");

    @ArchTest
    static final ArchRule noCycles = slices().matching("io.flowgate.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule httpRoutesUseTheInboundPortsOnly = noClasses()
            .that().resideInAPackage("io.flowgate.http")
            .should().dependOnClassesThat().resideInAnyPackage("io.flowgate.core.service..", "io.flowgate.crypto..",
                    "io.flowgate.server..", "io.flowgate.storage..")
            .because("the routes drive the core through its use cases, never its services or other adapters");
}
