package io.flowgate.examples.iddocument;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

/** A plugin sees only the plugin API and the JDK: nothing of the host is there at run time. */
@AnalyzeClasses(packages = "io.flowgate.examples.iddocument", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginArchitectureTest {

    @ArchTest
    static final ArchRule onlyThePluginApiAndTheJdk = classes()
            .should().onlyDependOnClassesThat()
            .resideInAnyPackage("io.flowgate.spi..", "io.flowgate.examples.iddocument..", "java..")
            .because("the plugin's class loader shares only io.flowgate.spi with the host");
}
